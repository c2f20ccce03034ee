import { describe, expect, it } from "vitest";
import { crossedCheckpoint } from "./signal-thresholds";

describe("crossedCheckpoint", () => {
  it("is true when a count passes the first checkpoint or a doubling of it, once each", () => {
    expect(crossedCheckpoint(0, 99, 100)).toBe(false);
    expect(crossedCheckpoint(99, 100, 100)).toBe(true);
    expect(crossedCheckpoint(100, 199, 100)).toBe(false);
    expect(crossedCheckpoint(150, 200, 100)).toBe(true);
    expect(crossedCheckpoint(200, 399, 100)).toBe(false);
    expect(crossedCheckpoint(0, 1_000_000, 100)).toBe(true);
    expect(crossedCheckpoint(3_000, 7_000, 1_000)).toBe(true);
    expect(crossedCheckpoint(4_000, 7_999, 1_000)).toBe(false);
  });
});
