import { describe, expect, it } from "vitest";
import { newEventId } from "./event-id";

describe("newEventId", () => {
  it("is a UUIDv7 carrying the time in its first 48 bits", () => {
    const at = Date.UTC(2026, 11, 2, 9, 30, 15, 123);
    const id = newEventId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it("sorts by time and never repeats", () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => newEventId(1_700_000_000_000 + i));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
