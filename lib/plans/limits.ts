import type { RateLimitWindow, UsageQuota } from "@/lib/keys/settings";

/** A key's limit expressed per minute, as plans state theirs: a per-hour limit counts as limit / 60, rounded up. */
export function perMinute(rateLimit: number, window: RateLimitWindow): number {
  return window === "hour" ? Math.ceil(rateLimit / 60) : rateLimit;
}

/** "*" in a plan's list means every scope of the catalogue. */
export function planAllowsScope(allowedScopes: string[], scope: string): boolean {
  return allowedScopes.includes("*") || allowedScopes.includes(scope);
}

export function keysAllowedMessage(max: number): string {
  return max === 0
    ? "Your account has no API access. Ask your administrator to choose a plan for you."
    : `Your plan allows ${max} active key${max === 1 ? "" : "s"}.`;
}

/**
 * The most a usage quota lets a key make in a month, as plans bound it: a daily quota counts a 31-day month, a monthly
 * one as it is, a total (which never refills) as its whole allowance.
 */
export function perMonth({ limit, period }: UsageQuota): number {
  return period === "day" ? limit * 31 : limit;
}

/** The usage quota a plan gives a new key whose maker chose none: its default, when it has both halves of one. */
export function planDefaultUsageQuota(plan: {
  defaultUsageQuota: number | null;
  defaultUsageQuotaPeriod: UsageQuota["period"] | null;
}): UsageQuota | null {
  return plan.defaultUsageQuota !== null && plan.defaultUsageQuotaPeriod !== null
    ? { limit: plan.defaultUsageQuota, period: plan.defaultUsageQuotaPeriod }
    : null;
}

/** Why a plan refuses a usage quota (null: it allows it). With a maximum, a key must have a quota. */
export function usageQuotaRefusal(maxPerMonth: number | null, quota: UsageQuota | null): string | null {
  if (maxPerMonth === null) return null;
  const max = maxPerMonth.toLocaleString("en-US");
  if (quota === null) return `Your plan requires a usage quota of at most ${max} requests a month.`;
  return perMonth(quota) > maxPerMonth ? `Your plan allows a usage quota of at most ${max} requests a month.` : null;
}
