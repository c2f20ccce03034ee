import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { resultRows } from "@/db/rows";
import { apiKeys, keyOrigins, keySignalCounts, type OriginKind, usageKeyDays } from "@/db/schema";

export interface OriginSeen {
  keyId: string;
  kind: OriginKind;
  value: string;
  at: Date;
}

export interface NewOrigin {
  keyId: string;
  kind: OriginKind;
  value: string;
  /** Whether the key had been seen from another origin of this kind before: the first ones are its baseline. */
  hadOthers: boolean;
}

/**
 * Notes where keys were used from, in the usage writer's transaction, and answers the origins new to their key. The
 * rows must be distinct; they are written in (key, kind, value) order so that two writers cannot deadlock.
 * `hadOthers` reads the table as it was before this statement (every part of a statement shares one snapshot), so
 * origins first seen together are all the baseline, never news to each other.
 */
export async function noteOrigins(tx: Executor, seen: OriginSeen[]): Promise<NewOrigin[]> {
  if (seen.length === 0) return [];
  const sorted = [...seen].sort((a, b) => compare(a.keyId, b.keyId) || compare(a.kind, b.kind) || compare(a.value, b.value));
  const column = <T>(pick: (row: OriginSeen) => T) => sql.param(sorted.map(pick));
  const result = await tx.execute(sql`
    with seen(key_id, kind, value, at) as (
      select * from unnest(${column((o) => o.keyId)}::text[]::uuid[], ${column((o) => o.kind)}::text[],
        ${column((o) => o.value)}::text[], ${column((o) => o.at.toISOString())}::text[]::timestamptz[])
    ), upserted as (
      insert into ${keyOrigins} (key_id, kind, value, first_seen_at, last_seen_at)
      select key_id, kind, value, at, at from seen
      on conflict (key_id, kind, value) do update set last_seen_at = excluded.last_seen_at
        where ${keyOrigins.lastSeenAt} < excluded.last_seen_at - interval '1 hour'
      -- xmax is 0 on a row this statement inserted, and set on one it updated.
      returning key_id, kind, value, (xmax = 0) as inserted
    )
    select u.key_id, u.kind, u.value,
      exists (select 1 from ${keyOrigins} o where o.key_id = u.key_id and o.kind = u.kind) as had_others
    from upserted u where u.inserted`);
  return resultRows<{ key_id: string; kind: OriginKind; value: string; had_others: boolean }>(result).map((row) => ({
    keyId: row.key_id,
    kind: row.kind,
    value: row.value,
    hadOthers: row.had_others,
  }));
}

export interface SignalCount {
  keyId: string;
  signal: string;
  windowStart: Date;
  add: number;
}

/** Adds to per-key signal counts (see key_signal_counts) and answers each count before and after the addition. */
export async function addToSignalCounts(
  tx: Executor,
  counts: SignalCount[],
): Promise<(SignalCount & { before: number; after: number })[]> {
  if (counts.length === 0) return [];
  const sorted = [...counts].sort(
    (a, b) => compare(a.keyId, b.keyId) || compare(a.signal, b.signal) || a.windowStart.getTime() - b.windowStart.getTime(),
  );
  const column = <T>(pick: (row: SignalCount) => T) => sql.param(sorted.map(pick));
  const result = await tx.execute(sql`
    insert into ${keySignalCounts} (key_id, signal, window_start, count)
    select * from unnest(${column((c) => c.keyId)}::text[]::uuid[], ${column((c) => c.signal)}::text[],
      ${column((c) => c.windowStart.toISOString())}::text[]::timestamptz[], ${column((c) => c.add)}::int[])
    on conflict (key_id, signal, window_start) do update set count = ${keySignalCounts.count} + excluded.count
    returning key_id, signal, window_start, count`);
  const after = new Map(
    resultRows<{ key_id: string; signal: string; window_start: string | Date; count: number }>(result).map((row) => [
      `${row.key_id}|${row.signal}|${new Date(row.window_start).getTime()}`,
      Number(row.count),
    ]),
  );
  return sorted.map((c) => {
    const total = after.get(`${c.keyId}|${c.signal}|${c.windowStart.getTime()}`) ?? c.add;
    return { ...c, before: total - c.add, after: total };
  });
}

/**
 * Each key's usual accepted calls per hour: its daily sums (usage_key_days) over the `days` whole days before
 * `today`, counting only days it was used (a key a day old is judged on that day). Keys without any are left out.
 */
export async function usualHourlyCalls(tx: Executor, keyIds: string[], today: string, days = 7) {
  const result = await tx.execute(sql`
    select key_id, sum(requests)::float8 / (count(*) * 24) as per_hour
    from ${usageKeyDays}
    where key_id = any(${sql.param(keyIds)}::text[]::uuid[])
      and day >= ${today}::date - ${days}::int and day < ${today}::date
    group by key_id`);
  return new Map(resultRows<{ key_id: string; per_hour: number }>(result).map((row) => [row.key_id, Number(row.per_hour)]));
}

/** What an event needs to tell of the keys a usage batch signalled about. */
export async function keysForSignals(tx: Executor, ids: string[]) {
  return tx
    .select({
      id: apiKeys.id,
      accountId: apiKeys.accountId,
      name: apiKeys.name,
      start: apiKeys.start,
      environment: apiKeys.environment,
      expiresAt: apiKeys.expiresAt,
      rateLimit: apiKeys.rateLimit,
      rateLimitWindow: apiKeys.rateLimitWindow,
    })
    .from(apiKeys)
    .where(sql`${apiKeys.id} = any(${sql.param(ids)}::text[]::uuid[])`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type SignalledKey = Awaited<ReturnType<typeof keysForSignals>>[number];
