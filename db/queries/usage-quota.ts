import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { resultRows } from "@/db/rows";
import { usageQuotaCounters } from "@/db/schema";

export interface UsageQuotaTake {
  keyId: string;
  periodStart: Date;
  /** The period start as the events' dedupe keys name it (an ISO date), so that each threshold fires once a period. */
  periodKey: string;
  cost: number;
  limit: number;
  /** Usage at or past this fires key.quota_warning (80 % of the limit, rounded up). */
  warnAt: number;
  /** Ids for the two events this call may record (UUIDv7s of `now`); unused unless a threshold is crossed. */
  warningId: string;
  exhaustedId: string;
  now: Date;
}

export interface UsageQuotaTaken {
  /** Usage of the period after this call when it was counted; null when it was refused. */
  used: number | null;
  /** For a refusal: what the period has used (0 when it has no row yet), read after the refusal. */
  usedBefore: number;
}

/**
 * Counts `cost` requests against a key's usage quota in one statement, atomic across every instance: the counter row of
 * the period is created or raised only while the sum stays within the limit (no row back: refused, nothing counted).
 * A call whose count crosses 80 % or 100 % of the limit records key.quota_warning / key.quota_exhausted in the events
 * outbox within the same statement, so each fires exactly when the count that crossed it commits; the dedupe key (type,
 * key, period) keeps each to once a period, and the NOTIFY (on the channel of db/queries/event-dispatch.ts) wakes the
 * dispatchers as recordEvent's does.
 */
export async function takeUsageQuota(take: UsageQuotaTake): Promise<UsageQuotaTaken> {
  const db = await getDb();
  // The function (drizzle/0018_usage_quotas.sql, hand-written at its end) keeps the statement sent per call short:
  // its inner statements are planned once per connection rather than parsed and planned on every call.
  const result = await db.execute(sql`select used, used_before from usage_quota_take(
    ${take.keyId}::uuid, ${take.periodStart.toISOString()}::timestamptz, ${take.cost}::int, ${take.limit}::int,
    ${take.warnAt}::int, ${take.warningId}::uuid, ${take.exhaustedId}::uuid, ${take.now.toISOString()}::timestamptz,
    ${take.periodKey}::text)`);
  const [row] = resultRows<{ used: number | null; used_before: number | null }>(result);
  return { used: row?.used ?? null, usedBefore: row?.used_before ?? 0 };
}

/** What a key has used of its quota in the period starting at `periodStart`, without counting anything. */
export async function usedUsageQuota(keyId: string, periodStart: Date): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ used: usageQuotaCounters.used })
    .from(usageQuotaCounters)
    .where(and(eq(usageQuotaCounters.keyId, keyId), eq(usageQuotaCounters.periodStart, periodStart)));
  return row?.used ?? 0;
}
