import { describe, expect, it } from "vitest";
import { needsStepUp } from "./step-up";

const MINUTE = 60_000;

describe("needsStepUp", () => {
  const now = new Date("2026-12-03T12:00:00Z");
  it("lets an action through within the window and asks after it", () => {
    expect(needsStepUp(new Date(now.getTime() - 9 * MINUTE), now, 10 * MINUTE)).toBe(false);
    expect(needsStepUp(new Date(now.getTime() - 10 * MINUTE), now, 10 * MINUTE)).toBe(false);
    expect(needsStepUp(new Date(now.getTime() - 10 * MINUTE - 1), now, 10 * MINUTE)).toBe(true);
  });

  it("defaults to 10 minutes (STEP_UP_WINDOW_SECONDS unset)", () => {
    expect(needsStepUp(new Date(now.getTime() - 11 * MINUTE), now)).toBe(true);
    expect(needsStepUp(new Date(now.getTime() - 5 * MINUTE), now)).toBe(false);
  });
});
