import "server-only";
import type { ApiKey } from "@/db/schema";
import { takeUsageQuota, usedUsageQuota } from "@/db/queries/usage-quota";
import { newEventId } from "@/lib/usage/event-id";
import type { UsageQuotaPeriod } from "./settings";
import { usageQuotaOf } from "./usage-quota-setting";
import { periodKeyOf, periodSeconds, secondsToRefill, usagePeriodOf } from "./usage-period";

// A key's usage quota: a durable allowance of requests per UTC day, per UTC month or in total, kept in Postgres and
// counted after the rate limit (lib/keys/quota.ts, which is the per-window rate limit despite its name). Only a call
// the gate lets through counts. Keys without a usage quota never reach this module: no query on their path.

export interface UsageQuotaState {
  allowed: boolean;
  limit: number;
  period: UsageQuotaPeriod;
  used: number;
  remaining: number;
  /** Seconds until the quota refills; null for a total, which never does. */
  resetSeconds: number | null;
  /** The period's length in seconds; null for a total. */
  windowSeconds: number | null;
}

type KeyWithUsageQuota = Pick<ApiKey, "id" | "usageQuota" | "usageQuotaPeriod">;

/** 80 % of the limit, rounded up: the first count at or past it is the warning. */
export function warningThreshold(limit: number): number {
  return Math.ceil(limit * 0.8);
}

/**
 * Counts `cost` requests against the key's usage quota, or refuses the call whole when they do not fit in what
 * remains (nothing counted). One statement (db/queries/usage-quota.ts), exact across instances; a database that does
 * not answer in time throws its deadline error, which the gate answers with 503.
 */
export async function consumeUsageQuota(key: KeyWithUsageQuota, cost = 1, now = new Date()): Promise<UsageQuotaState | null> {
  const quota = usageQuotaOf(key);
  if (!quota) return null;
  const period = usagePeriodOf(quota.period, now);
  const at = now.getTime();
  const taken = await takeUsageQuota({
    keyId: key.id,
    periodStart: period.start,
    periodKey: periodKeyOf(quota.period, period.start),
    cost,
    limit: quota.limit,
    warnAt: warningThreshold(quota.limit),
    warningId: newEventId(at),
    exhaustedId: newEventId(at),
    now,
  });
  // A refusal's own read of the counter is the statement's snapshot, which concurrent calls may have passed since;
  // the refusal itself proves that less than `cost` remained, so that bounds it (exact for the usual cost of 1).
  const used = taken.used ?? quota.limit - Math.max(0, Math.min(quota.limit - taken.usedBefore, cost - 1));
  return {
    allowed: taken.used !== null,
    limit: quota.limit,
    period: quota.period,
    used,
    remaining: Math.max(0, quota.limit - used),
    resetSeconds: secondsToRefill(period, now),
    windowSeconds: periodSeconds(period),
  };
}

/** What remains of the key's usage quota, without counting anything (null: the key has none). */
export async function peekUsageQuota(key: KeyWithUsageQuota, now = new Date()): Promise<UsageQuotaState | null> {
  const quota = usageQuotaOf(key);
  if (!quota) return null;
  const period = usagePeriodOf(quota.period, now);
  const used = await usedUsageQuota(key.id, period.start);
  return {
    allowed: used < quota.limit,
    limit: quota.limit,
    period: quota.period,
    used,
    remaining: Math.max(0, quota.limit - used),
    resetSeconds: secondsToRefill(period, now),
    windowSeconds: periodSeconds(period),
  };
}
