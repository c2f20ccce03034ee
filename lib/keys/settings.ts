// Plain constants shared by the forms in the browser and the schemas on the server; nothing here may import Node.

export const KEY_ENVIRONMENTS = ["live", "test"] as const;
export type KeyEnvironment = (typeof KEY_ENVIRONMENTS)[number];

export const RATE_LIMIT_WINDOWS = ["minute", "hour"] as const;
export type RateLimitWindow = (typeof RATE_LIMIT_WINDOWS)[number];

export const RATE_LIMIT_BOUNDS: Record<RateLimitWindow, { min: number; max: number }> = {
  minute: { min: 1, max: 10_000 },
  hour: { min: 1, max: 600_000 },
};

export const EXPIRY_CHOICES = ["never", "7", "30", "90", "365", "date"] as const;

/** How long a rolled-out secret keeps working, in seconds. */
export const GRACE_PERIODS = { now: 0, "1h": 60 * 60, "24h": 24 * 60 * 60, "7d": 7 * 24 * 60 * 60 } as const;
export type GracePeriod = keyof typeof GRACE_PERIODS;

// A key's usage quota (an allowance of requests that is kept in the database, beside the rate limit): per UTC day or
// calendar month, refilled when the next one starts, or a total that never refills.
export const USAGE_QUOTA_PERIODS = ["day", "month", "total"] as const;
export type UsageQuotaPeriod = (typeof USAGE_QUOTA_PERIODS)[number];
export const USAGE_QUOTA_BOUNDS = { min: 1, max: 1_000_000_000 } as const;

/** A key's usage quota as set: `limit` requests per `period`. */
export interface UsageQuota {
  limit: number;
  period: UsageQuotaPeriod;
}
