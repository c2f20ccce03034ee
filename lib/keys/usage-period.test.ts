import { describe, expect, it } from "vitest";
import { periodKeyOf, periodSeconds, secondsToRefill, usagePeriodOf } from "./usage-period";

describe("usage quota periods (UTC)", () => {
  it("starts a day at UTC midnight and refills at the next", () => {
    const now = new Date("2026-12-31T23:59:30.250Z");
    const day = usagePeriodOf("day", now);
    expect(day).toEqual({ start: new Date("2026-12-31T00:00:00Z"), next: new Date("2027-01-01T00:00:00Z") });
    expect(secondsToRefill(day, now)).toBe(30);
    expect(periodSeconds(day)).toBe(86_400);
    expect(periodKeyOf("day", day.start)).toBe("2026-12-31");
  });

  it("starts a month on the 1st, whatever its length, leap years included", () => {
    const february = usagePeriodOf("month", new Date("2028-02-29T12:00:00Z"));
    expect(february).toEqual({ start: new Date("2028-02-01T00:00:00Z"), next: new Date("2028-03-01T00:00:00Z") });
    expect(periodSeconds(february)).toBe(29 * 86_400);
    expect(periodKeyOf("month", february.start)).toBe("2028-02");
    const december = usagePeriodOf("month", new Date("2026-12-15T00:00:00Z"));
    expect(december.next).toEqual(new Date("2027-01-01T00:00:00Z"));
  });

  it("counts a total in one period that never refills", () => {
    const total = usagePeriodOf("total", new Date("2026-06-01T00:00:00Z"));
    expect(total).toEqual({ start: new Date(0), next: null });
    expect(secondsToRefill(total, new Date())).toBeNull();
    expect(periodSeconds(total)).toBeNull();
    expect(periodKeyOf("total", total.start)).toBe("total");
  });

  it("never answers less than a second to the refill", () => {
    const now = new Date("2026-03-01T23:59:59.999Z");
    expect(secondsToRefill(usagePeriodOf("day", now), now)).toBe(1);
  });
});
