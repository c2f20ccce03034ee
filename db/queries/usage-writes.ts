import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Transaction } from "@/db/client";
import { apiKeys, keyScopeUses, usageEvents, type NewUsageEvent } from "@/db/schema";
import { eventIdTime } from "@/db/event-id-time";
import { resultRows } from "@/db/rows";
import { addToRollups, compare, rollupsOf } from "./usage-rollup-writes";

export type UsageEventToWrite = NewUsageEvent & {
  /** Adds to the key's request count and last use: the request was let through (a refused one is only an event). */
  counted?: boolean;
  /** An accepted call that failed (lib/usage/outcomes.ts says which): counted in the key's hour (api_keys.usage_hour). */
  failed?: boolean;
  /** The scopes the accepted call needed: the key's last use of each is kept (key_scope_uses). */
  neededScopes?: readonly string[];
};

/** An event whose `at` is settled (see writeUsageBatch). */
type DatedEvent = UsageEventToWrite & { at: Date };

interface KeyUsageTotals {
  keyId: string;
  requests: number;
  lastUsedAt: Date;
  /** The hour (UTC) of the key's latest call in the batch, and the batch's calls and failures of that hour. */
  hour: number;
  hourCalls: number;
  hourFailures: number;
}

/** A key's calls and failures in the hour of its last use, before and after a batch added to them. */
export interface KeyHourCounts {
  keyId: string;
  hour: Date;
  calls: { before: number; after: number };
  failures: { before: number; after: number };
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Writes a batch of usage events, their daily rollups and the keys' counters in one transaction: either the whole
 * batch counts or none of it does, so a retry after a failure never counts anything twice. An event whose eventId is
 * already in the table (written before, now replayed from the journal) is skipped, and counts nowhere: the rollups
 * and the keys' counters are made from the rows actually inserted. Answers how many were.
 *
 * The table is partitioned by `at`, so an event is known again by (event_id, at): the journal keeps each event's `at`
 * to the millisecond, and an event given without one takes its id's time, never the clock's, so that writing it twice
 * always gives the same pair.
 */
export async function writeUsageBatch(
  batch: UsageEventToWrite[],
  {
    alsoWithin,
  }: {
    /** Runs in the batch's transaction on the events actually inserted: what the domain derives from them. */
    alsoWithin?: (tx: Transaction, inserted: readonly DatedEvent[], hours: readonly KeyHourCounts[]) => Promise<void>;
  } = {},
): Promise<number> {
  if (batch.length === 0) return 0;
  const events: DatedEvent[] = batch.map((event) => ({
    ...event,
    at: event.at ?? (event.eventId ? eventIdTime(event.eventId) : null) ?? new Date(),
  }));
  const db = await getDb();
  return db.transaction(async (tx) => {
    // One array per column rather than one parameter per value: a batch of a thousand rows is twelve parameters, which
    // keeps building and sending it cheap for the process that also serves the API. Arrays travel as text[] or int[]
    // (which postgres.js knows how to send) and are cast in SQL.
    const column = <T>(pick: (event: DatedEvent) => T) => sql.param(events.map(pick));
    const inserted = await tx.execute(sql`
      insert into ${usageEvents} (event_id, key_id, account_id, at, method, route, status, latency_ms, ip, user_agent, refused,
        outcome, source, tags)
      select event_id, key_id, account_id, at, method, route, status, latency_ms, ip, user_agent, refused, outcome, source,
        -- Each event's tags travel as one JSON array (postgres.js cannot send an array of arrays), unpacked per row.
        case when tags is null then null else array(select jsonb_array_elements_text(tags::jsonb)) end
      from unnest(
        ${column((e) => e.eventId ?? null)}::text[]::uuid[],
        ${column((e) => e.keyId)}::text[]::uuid[], ${column((e) => e.accountId)}::text[]::uuid[],
        ${column((e) => e.at.toISOString())}::text[]::timestamptz[], ${column((e) => e.method)}::text[],
        ${column((e) => e.route)}::text[], ${column((e) => e.status)}::int[]::smallint[], ${column((e) => e.latencyMs)}::int[],
        ${column((e) => e.ip ?? null)}::text[], ${column((e) => e.userAgent ?? null)}::text[],
        ${column((e) => String(e.refused ?? false))}::text[]::boolean[], ${column((e) => e.outcome ?? "ok")}::text[],
        ${column((e) => e.source ?? "api")}::text[], ${column((e) => (e.tags?.length ? JSON.stringify(e.tags) : null))}::text[]
      ) as e(event_id, key_id, account_id, at, method, route, status, latency_ms, ip, user_agent, refused, outcome, source, tags)
      on conflict (event_id, at) do nothing
      returning event_id`);
    const fresh = newlyInserted(events, resultRows<{ event_id: string | null }>(inserted));
    if (fresh.length === 0) return 0;
    await addToRollups(tx, rollupsOf(fresh));
    const totals = totalsOf(fresh).sort((a, b) => compare(a.keyId, b.keyId));
    let hours: KeyHourCounts[] = [];
    if (totals.length > 0) {
      const rows = sql.join(
        totals.map(
          (t) =>
            sql`(${t.keyId}::uuid, ${t.requests}::bigint, ${t.lastUsedAt.toISOString()}::timestamptz, ${new Date(t.hour).toISOString()}::timestamptz, ${t.hourCalls}::int, ${t.hourFailures}::int)`,
        ),
        sql`, `,
      );
      // The hour's counts restart when the batch's hour is later than the key's; a batch from an earlier hour (a
      // replay) leaves them alone.
      const updated = await tx.execute(sql`
        update ${apiKeys} set
          request_count = ${apiKeys.requestCount} + totals.requests,
          last_used_at = greatest(${apiKeys.lastUsedAt}, totals.last_used_at),
          usage_hour = greatest(${apiKeys.usageHour}, totals.hour),
          usage_hour_calls = case
            when ${apiKeys.usageHour} is null or ${apiKeys.usageHour} < totals.hour then totals.calls
            when ${apiKeys.usageHour} = totals.hour then ${apiKeys.usageHourCalls} + totals.calls
            else ${apiKeys.usageHourCalls} end,
          usage_hour_failures = case
            when ${apiKeys.usageHour} is null or ${apiKeys.usageHour} < totals.hour then totals.failures
            when ${apiKeys.usageHour} = totals.hour then ${apiKeys.usageHourFailures} + totals.failures
            else ${apiKeys.usageHourFailures} end
        from (values ${rows}) as totals(key_id, requests, last_used_at, hour, calls, failures)
        where ${apiKeys.id} = totals.key_id
        returning ${apiKeys.id} as key_id, ${apiKeys.usageHour} as usage_hour, ${apiKeys.usageHourCalls} as calls,
          ${apiKeys.usageHourFailures} as failures`);
      const byKey = new Map(totals.map((t) => [t.keyId, t]));
      hours = resultRows<{ key_id: string; usage_hour: string | Date; calls: number; failures: number }>(updated).flatMap(
        (row) => {
          const added = byKey.get(row.key_id);
          const hour = new Date(row.usage_hour);
          // Counted only when the batch's hour is the key's hour now.
          if (!added || hour.getTime() !== added.hour) return [];
          const calls = Number(row.calls);
          const failures = Number(row.failures);
          return [
            {
              keyId: row.key_id,
              hour,
              calls: { before: calls - added.hourCalls, after: calls },
              failures: { before: failures - added.hourFailures, after: failures },
            },
          ];
        },
      );
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
    await alsoWithin?.(tx, fresh, hours);
    return fresh.length;
  });
}

/** Per key and scope, the latest accepted call that needed it; in key, then scope, order (see byRollupKey). */
function scopeUsesOf(events: DatedEvent[]): { keyId: string; scope: string; lastUsedAt: Date }[] {
  const uses = new Map<string, { keyId: string; scope: string; lastUsedAt: Date }>();
  for (const event of events) {
    if (!event.counted || !event.neededScopes) continue;
    const at = event.at;
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
function newlyInserted(events: DatedEvent[], returned: { event_id: string | null }[]): DatedEvent[] {
  if (returned.length === events.length) return events;
  const kept = new Set(returned.map((row) => row.event_id));
  return events.filter((event) => !event.eventId || kept.delete(event.eventId.toLowerCase()));
}

function totalsOf(events: DatedEvent[]): KeyUsageTotals[] {
  const totals = new Map<string, KeyUsageTotals>();
  for (const event of events) {
    if (!event.counted) continue;
    const at = event.at;
    const current = totals.get(event.keyId);
    if (!current) {
      totals.set(event.keyId, {
        keyId: event.keyId,
        requests: 1,
        lastUsedAt: at,
        hour: Math.floor(at.getTime() / HOUR_MS) * HOUR_MS,
        hourCalls: 0,
        hourFailures: 0,
      });
    } else {
      current.requests++;
      if (at > current.lastUsedAt) current.lastUsedAt = at;
      current.hour = Math.floor(current.lastUsedAt.getTime() / HOUR_MS) * HOUR_MS;
    }
  }
  // The hour's counts, once each key's latest hour is known (a batch straddling the hour counts only its later part).
  for (const event of events) {
    const total = event.counted ? totals.get(event.keyId) : undefined;
    if (!total || Math.floor(event.at.getTime() / HOUR_MS) * HOUR_MS !== total.hour) continue;
    total.hourCalls++;
    if (event.failed) total.hourFailures++;
  }
  return [...totals.values()];
}
