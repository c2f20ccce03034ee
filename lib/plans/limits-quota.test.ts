import { describe, expect, it } from "vitest";
import { perMonth, planDefaultUsageQuota, usageQuotaRefusal } from "./limits";

describe("a plan's bounds on usage quotas", () => {
  it("counts a daily quota as 31 days, a monthly or total one as it is", () => {
    expect(perMonth({ limit: 100, period: "day" })).toBe(3_100);
    expect(perMonth({ limit: 100, period: "month" })).toBe(100);
    expect(perMonth({ limit: 100, period: "total" })).toBe(100);
  });

  it("refuses a quota past the maximum, and none at all when there is one", () => {
    expect(usageQuotaRefusal(null, null)).toBeNull();
    expect(usageQuotaRefusal(null, { limit: 1_000_000_000, period: "day" })).toBeNull();
    expect(usageQuotaRefusal(3_100, { limit: 100, period: "day" })).toBeNull();
    expect(usageQuotaRefusal(3_100, { limit: 101, period: "day" })).toBe(
      "Your plan allows a usage quota of at most 3,100 requests a month.",
    );
    expect(usageQuotaRefusal(3_100, null)).toBe("Your plan requires a usage quota of at most 3,100 requests a month.");
  });

  it("has a default only when both halves are set", () => {
    expect(planDefaultUsageQuota({ defaultUsageQuota: 5, defaultUsageQuotaPeriod: "day" })).toEqual({ limit: 5, period: "day" });
    expect(planDefaultUsageQuota({ defaultUsageQuota: null, defaultUsageQuotaPeriod: null })).toBeNull();
  });
});
