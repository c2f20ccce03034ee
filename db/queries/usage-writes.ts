import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKeys, keyScopeUses, usageEvents, usageRollups, type NewUsageEvent } from "@/db/schema";
import { resultRows } from "@/db/rows";
import { emptyHistogram, latencyBucketOf } from "@/db/usage-histogram";

export type UsageEventToWrite = NewUsageEvent & {
  /** Adds to the key's request count and last use: the request was let through (a refused one is only an event). */
  counted?: boolean;
  /** The scopes the accepted call needed: the key's last use of each is kept (key_scope_uses). */
  neededScopes?: readonly string[];
};

interface KeyUsageTotals {
  keyId: string;
  requests: number;
  lastUsedAt: Date;
}

interface RollupRow {
  keyId: string;
  ownerId: string;
  day: string;
  route: string;
  status: number;
  refused: boolean;
  requests: number;
  latencySumMs: number;
  buckets: number[];
}

/**
 * The batch summed per key, UTC day, route, status and outcome (refused by the gate or not). The rollup's route is
 * "METHOD /path": the charts and the scope-narrowing flag both need the method, and the table has no column of its own
 * for it.
 */
export function rollupsOf(events: NewUsageEvent[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const e of events) {
    const day = (e.at ?? new Date()).toISOString().slice(0, 10);
    const route = `${e.method} ${e.route}`;
    const refused = e.refused ?? false;
    const id = `${e.keyId}\u0000${day}\u0000${route}\u0000${e.status}\u0000${refused}`;
    let row = rows.get(id);
    if (!row) {
      row = {
        keyId: e.keyId,
        ownerId: e.ownerId,
        day,
        route,
        status: e.status,
        refused,
        requests: 0,
        latencySumMs: 0,
        buckets: emptyHistogram(),
      };
      rows.set(id, row);
    }
    row.requests++;
    row.latencySumMs += e.latencyMs;
    row.buckets[latencyBucketOf(e.latencyMs)]++;
  }
  return [...rows.values()];
}

/**
 * Writes a batch of usage events, their daily rollups and the keys' counters in one transaction: either the whole
 * batch counts or none of it does, so a retry after a failure never counts anything twice. An event whose eventId is
 * already in the table (written before, now replayed from the journal) is skipped, and counts nowhere: the rollups
 * and the keys' counters are made from the rows actually inserted. Answers how many were.
 */
export async function writeUsageBatch(events: UsageEventToWrite[]): Promise<number> {
  if (events.length === 0) return 0;
  const db = await getDb();
  return db.transaction(async (tx) => {
    // One array per column rather than one parameter per value: a batch of a thousand rows is twelve parameters, which
    // keeps building and sending it cheap for the process that also serves the API. Arrays travel as text[] or int[]
    // (which postgres.js knows how to send) and are cast in SQL.
    const column = <T>(pick: (event: UsageEventToWrite) => T) => sql.param(events.map(pick));
    const inserted = await tx.execute(sql`
      insert into ${usageEvents} (event_id, key_id, owner_id, at, method, route, status, latency_ms, ip, user_agent, refused,
        outcome)
      select * from unnest(
        ${column((e) => e.eventId ?? null)}::text[]::uuid[],
        ${column((e) => e.keyId)}::text[]::uuid[], ${column((e) => e.ownerId)}::text[]::uuid[],
        ${column((e) => (e.at ?? new Date()).toISOString())}::text[]::timestamptz[], ${column((e) => e.method)}::text[],
        ${column((e) => e.route)}::text[], ${column((e) => e.status)}::int[]::smallint[], ${column((e) => e.latencyMs)}::int[],
        ${column((e) => e.ip ?? null)}::text[], ${column((e) => e.userAgent ?? null)}::text[],
        ${column((e) => String(e.refused ?? false))}::text[]::boolean[], ${column((e) => e.outcome ?? "ok")}::text[])
      on conflict (event_id) do nothing
      returning event_id`);
    const fresh = newlyInserted(events, resultRows<{ event_id: string | null }>(inserted));
    if (fresh.length === 0) return 0;
    // The rollups go the same way; each histogram travels as one array literal ('{1,0,…}') cast per row, since
    // postgres.js cannot send a two-dimensional int array.
    // Rows are locked in one order (key, then the rest) by every instance, so two flushes of the same keys wait for
    // each other instead of deadlocking.
    const rollups = rollupsOf(fresh).sort(byRollupKey);
    const rollupColumn = <T>(pick: (row: RollupRow) => T) => sql.param(rollups.map(pick));
    await tx.execute(sql`
      insert into ${usageRollups} (key_id, owner_id, day, route, status, refused, requests, latency_sum_ms, latency_buckets)
      select key_id, owner_id, day, route, status, refused, requests, latency_sum_ms, buckets::int[]
      from unnest(
        ${rollupColumn((r) => r.keyId)}::text[]::uuid[], ${rollupColumn((r) => r.ownerId)}::text[]::uuid[],
        ${rollupColumn((r) => r.day)}::text[]::date[], ${rollupColumn((r) => r.route)}::text[],
        ${rollupColumn((r) => r.status)}::int[]::smallint[], ${rollupColumn((r) => String(r.refused))}::text[]::boolean[],
        ${rollupColumn((r) => r.requests)}::int[],
        ${rollupColumn((r) => String(r.latencySumMs))}::text[]::bigint[], ${rollupColumn((r) => `{${r.buckets.join(",")}}`)}::text[]
      ) as r(key_id, owner_id, day, route, status, refused, requests, latency_sum_ms, buckets)
      on conflict (key_id, day, route, status, refused) do update set
        requests = ${usageRollups.requests} + excluded.requests,
        latency_sum_ms = ${usageRollups.latencySumMs} + excluded.latency_sum_ms,
        latency_buckets = array(
          select coalesce(a, 0) + coalesce(b, 0)
          from unnest(${usageRollups.latencyBuckets}, excluded.latency_buckets) with ordinality as t(a, b, i)
          order by i)`);
    const totals = totalsOf(fresh).sort((a, b) => compare(a.keyId, b.keyId));
    if (totals.length > 0) {
      const rows = sql.join(
        totals.map((t) => sql`(${t.keyId}::uuid, ${t.requests}::bigint, ${t.lastUsedAt.toISOString()}::timestamptz)`),
        sql`, `,
      );
      await tx.execute(sql`
        update ${apiKeys} set
          request_count = ${apiKeys.requestCount} + totals.requests,
          last_used_at = greatest(${apiKeys.lastUsedAt}, totals.last_used_at)
        from (values ${rows}) as totals(key_id, requests, last_used_at)
        where ${apiKeys.id} = totals.key_id`);
    }
    const scopeUses = scopeUsesOf(fresh);
    if (scopeUses.length > 0) {
      const rows = sql.join(
        scopeUses.map((u) => sql`(${u.keyId}::uuid, ${u.scope}, ${u.lastUsedAt.toISOString()}::timestamptz)`),
        sql`, `,
      );
      await tx.execute(sql`
        insert into ${keyScopeUses} (key_id, scope, last_used_at)
        select * from (values ${rows}) as uses(key_id, scope, last_used_at)
        on conflict (key_id, scope) do update set
          last_used_at = greatest(${keyScopeUses.lastUsedAt}, excluded.last_used_at)`);
    }
    return fresh.length;
  });
}

/** Per key and scope, the latest accepted call that needed it; in key, then scope, order (see byRollupKey). */
function scopeUsesOf(events: UsageEventToWrite[]): { keyId: string; scope: string; lastUsedAt: Date }[] {
  const uses = new Map<string, { keyId: string; scope: string; lastUsedAt: Date }>();
  for (const event of events) {
    if (!event.counted || !event.neededScopes) continue;
    const at = event.at ?? new Date();
    for (const scope of event.neededScopes) {
      const id = `${event.keyId}\u0000${scope}`;
      const current = uses.get(id);
      if (!current) uses.set(id, { keyId: event.keyId, scope, lastUsedAt: at });
      else if (at > current.lastUsedAt) current.lastUsedAt = at;
    }
  }
  return [...uses.values()].sort((a, b) => compare(a.keyId, b.keyId) || compare(a.scope, b.scope));
}

/**
 * The events the insert kept: those without an id (never deduplicated) and, once each, those whose id came back. An
 * id twice in one batch (a journal adopted while its owner still held the events) is inserted and counted once.
 */
function newlyInserted(events: UsageEventToWrite[], returned: { event_id: string | null }[]): UsageEventToWrite[] {
  if (returned.length === events.length) return events;
  const kept = new Set(returned.map((row) => row.event_id));
  return events.filter((event) => !event.eventId || kept.delete(event.eventId.toLowerCase()));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function byRollupKey(a: RollupRow, b: RollupRow): number {
  return (
    compare(a.keyId, b.keyId) ||
    compare(a.day, b.day) ||
    compare(a.route, b.route) ||
    a.status - b.status ||
    Number(a.refused) - Number(b.refused)
  );
}

function totalsOf(events: UsageEventToWrite[]): KeyUsageTotals[] {
  const totals = new Map<string, KeyUsageTotals>();
  for (const event of events) {
    if (!event.counted) continue;
    const at = event.at ?? new Date();
    const current = totals.get(event.keyId);
    if (!current) totals.set(event.keyId, { keyId: event.keyId, requests: 1, lastUsedAt: at });
    else {
      current.requests++;
      if (at > current.lastUsedAt) current.lastUsedAt = at;
    }
  }
  return [...totals.values()];
}
