import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { resultRows } from "@/db/rows";
import { usageQuotaCounters } from "@/db/schema";
import { EVENTS_CHANNEL } from "./event-dispatch";

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
  /**
   * For a refusal: what the period had used as the statement's snapshot saw it (0 when it had no row yet); concurrent
   * calls may have counted more since.
   */
  usedBefore: number;
}

/**
 * Counts `cost` requests against a key's usage quota in one statement, atomic across every instance: the counter row of
 * the period is created or raised only while the sum stays within the limit (no row back: refused, nothing counted).
 * A call whose count crosses 80 % or 100 % of the limit records key.quota_warning / key.quota_exhausted in the events
 * outbox within the same statement, so each fires exactly when the count that crossed it commits; the dedupe key (type,
 * key, period) keeps each to once a period, and the NOTIFY wakes the dispatchers as recordEvent's does.
 */
export async function takeUsageQuota(take: UsageQuotaTake): Promise<UsageQuotaTaken> {
  const db = await getDb();
  const { keyId, periodStart, cost, limit } = take;
  const result = await db.execute(sql`
    with counted as (
      insert into usage_quota_counters as c (key_id, period_start, used)
      select ${keyId}::uuid, ${periodStart.toISOString()}::timestamptz, ${cost}::int where ${cost}::int <= ${limit}::int
      on conflict (key_id, period_start) do update set used = c.used + excluded.used
        where c.used + excluded.used <= ${limit}::int
      returning c.used::int as used
    ),
    crossed as (
      select t.type, t.id from counted
      cross join (values ('key.quota_warning', ${take.warningId}::uuid, ${take.warnAt}::int),
                         ('key.quota_exhausted', ${take.exhaustedId}::uuid, ${limit}::int)) as t(type, id, at)
      where counted.used - ${cost}::int < t.at and counted.used >= t.at
    ),
    recorded as (
      insert into events (id, account_id, key_id, type, occurred_at, data, dedupe_key)
      select crossed.id, k.account_id, k.id, crossed.type, ${take.now.toISOString()}::timestamptz,
        jsonb_build_object(
          'key', jsonb_build_object(
            'id', k.id, 'name', k.name, 'start', k.start, 'environment', k.environment,
            'scopes', coalesce((select array_agg(s.scope order by s.scope) from api_key_scopes s where s.key_id = k.id), '{}'::text[]),
            'expiresAt', to_char(k.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
          'actor', jsonb_build_object('type', 'system'),
          'quota', jsonb_build_object(
            'limit', ${limit}::int, 'period', k.usage_quota_period, 'periodStart', ${take.periodKey}::text,
            'used', (select used from counted))),
        crossed.type || ':' || k.id::text || ':' || ${take.periodKey}::text
      from crossed join api_keys k on k.id = ${keyId}::uuid
      on conflict (dedupe_key) do nothing
      returning 1
    )
    select
      (select used from counted) as used,
      case when not exists (select 1 from counted) then
        (select c.used::int from usage_quota_counters c where c.key_id = ${keyId}::uuid and c.period_start = ${periodStart.toISOString()}::timestamptz)
      end as used_before,
      (select count(*)::int from (select pg_notify(${EVENTS_CHANNEL}, '') from recorded limit 1) n) as notified
  `);
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
