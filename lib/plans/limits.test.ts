import { describe, expect, it } from "vitest";
import { keysAllowedMessage, perMinute, planAllowsScope } from "./limits";

describe("plan limits", () => {
  it("normalises per-hour limits to per minute, rounding up", () => {
    expect(perMinute(600, "minute")).toBe(600);
    expect(perMinute(36_000, "hour")).toBe(600);
    expect(perMinute(36_001, "hour")).toBe(601);
    expect(perMinute(1, "hour")).toBe(1);
  });

  it("reads * as every scope", () => {
    expect(planAllowsScope(["*"], "payments:write")).toBe(true);
    expect(planAllowsScope(["keys:read"], "keys:read")).toBe(true);
    expect(planAllowsScope(["keys:read"], "keys:write")).toBe(false);
    expect(planAllowsScope([], "keys:read")).toBe(false);
  });

  it("says how many keys the plan allows", () => {
    expect(keysAllowedMessage(5)).toBe("Your plan allows 5 active keys.");
    expect(keysAllowedMessage(1)).toBe("Your plan allows 1 active key.");
    expect(keysAllowedMessage(0)).toMatch(/no API access/);
  });
});
