import type { UsageQuota } from "./settings";

/** The key's usage quota as set (both columns or neither), when it has one. */
export function usageQuotaOf(key: {
  usageQuota: number | null;
  usageQuotaPeriod: UsageQuota["period"] | null;
}): UsageQuota | null {
  return key.usageQuota !== null && key.usageQuotaPeriod !== null
    ? { limit: key.usageQuota, period: key.usageQuotaPeriod }
    : null;
}
