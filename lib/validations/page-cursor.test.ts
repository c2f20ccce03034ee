import { describe, expect, it } from "vitest";
import { pageCursor, pageCursorSchema } from "./page-cursor";

describe("pageCursorSchema", () => {
  it("reads back the cursor pageCursor writes", () => {
    const at = new Date("2026-12-02T10:00:00.123Z");
    const id = "0193a5b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b";
    expect(pageCursorSchema.parse(pageCursor(at, id))).toEqual({ at, id });
  });

  it.each([
    "2024-13-01T00:00:00.000Z~0193a5b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b",
    "2024-02-30T00:00:00.000Z~0193a5b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b",
    "2024-01-01T00:00:00.000Z~------------------------------------",
    "2024-01-01T00:00:00Z~0193a5b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b",
    "2024-01-01T00:00:00.000Z~0193a5b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b~x",
    "",
    "x".repeat(200),
  ])("refuses %j", (value) => {
    expect(pageCursorSchema.safeParse(value).success).toBe(false);
  });
});
