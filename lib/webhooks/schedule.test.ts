import { describe, expect, it } from "vitest";
import { isSuccess, MAX_ATTEMPTS, nextAttemptAfter, RETRY_AFTER_SECONDS } from "./schedule";

describe("the retry schedule", () => {
  it("tries eight times over about a day: at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after each failure", () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const waits = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      waits.push(((nextAttemptAfter(attempt, start)?.getTime() ?? 0) - start.getTime()) / 1000);
    }
    expect(waits).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(nextAttemptAfter(MAX_ATTEMPTS, start)).toBeNull();
    const total = RETRY_AFTER_SECONDS.reduce((sum, wait) => sum + wait, 0) / 3600;
    expect(total).toBeGreaterThan(24);
    expect(total).toBeLessThan(30);
  });

  it("counts only 2xx as delivered", () => {
    expect([200, 201, 204, 299].every(isSuccess)).toBe(true);
    expect([0, 199, 301, 302, 400, 410, 500, 503].some(isSuccess)).toBe(false);
  });
});
