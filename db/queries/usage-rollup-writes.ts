import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { usageRollups, type NewUsageEvent } from "@/db/schema";
import { emptyHistogram, latencyBucketOf } from "@/db/usage-histogram";
import { compare, type RollupRow } from "./usage-rollup-row";
import { accountRollupsOf, addToAccountRollups, addToKeyDays, keyDaysOf } from "./usage-summary-writes";

export { compare, type RollupRow };

type RolledUpEvent = Pick<NewUsageEvent, "keyId" | "accountId" | "at" | "method" | "route" | "status" | "latencyMs"> &
  Partial<Pick<NewUsageEvent, "refused" | "outcome" | "source">>;

/**
 * Events summed per key, UTC day, route, status, refusal, outcome and source; with `sign` -1 the sums are taken away
 * (an event that moves to another row when its call is reported). The rollup's route is "METHOD /path": the charts and
 * the scope-narrowing flag both need the method, and the table has no column of its own for it.
 */
export function rollupsOf(events: RolledUpEvent[], sign: 1 | -1 = 1, into = new Map<string, RollupRow>()): RollupRow[] {
  for (const e of events) {
    const day = (e.at ?? new Date()).toISOString().slice(0, 10);
    const route = `${e.method} ${e.route}`;
    const refused = e.refused ?? false;
    const outcome = e.outcome ?? "ok";
    const source = e.source ?? "api";
    const id = [e.keyId, day, route, e.status, refused, outcome, source].join("\u0000");
    let row = into.get(id);
    if (!row) {
      row = {
        keyId: e.keyId,
        accountId: e.accountId,
        day,
        route,
        status: e.status,
        refused,
        outcome,
        source,
        requests: 0,
        latencySumMs: 0,
        buckets: emptyHistogram(),
      };
      into.set(id, row);
    }
    row.requests += sign;
    row.latencySumMs += sign * e.latencyMs;
    row.buckets[latencyBucketOf(e.latencyMs)] += sign;
  }
  return [...into.values()];
}

/**
 * Adds the rows to the daily rollups (a negative row takes away), in one statement. Each histogram travels as one array
 * literal ('{1,0,…}') cast per row, since postgres.js cannot send a two-dimensional int array. Rows are locked in one
 * order (key, then the rest) by every instance and every writer, so two writes of the same keys wait for each other
 * instead of deadlocking. A row left with no requests is removed. The account rollups and key days summed from these
 * rows follow in the same transaction, each locked in its own fixed order after the key rollups.
 */
export async function addToRollups(tx: Transaction, rows: RollupRow[]): Promise<void> {
  const rollups = rows.filter((row) => row.requests !== 0 || row.latencySumMs !== 0).sort(byRollupKey);
  if (rollups.length === 0) return;
  const column = <T>(pick: (row: RollupRow) => T) => sql.param(rollups.map(pick));
  await tx.execute(sql`
    insert into ${usageRollups} (key_id, account_id, day, route, status, refused, outcome, source, requests, latency_sum_ms,
      latency_buckets)
    select key_id, account_id, day, route, status, refused, outcome, source, requests, latency_sum_ms, buckets::int[]
    from unnest(
      ${column((r) => r.keyId)}::text[]::uuid[], ${column((r) => r.accountId)}::text[]::uuid[],
      ${column((r) => r.day)}::text[]::date[], ${column((r) => r.route)}::text[],
      ${column((r) => r.status)}::int[]::smallint[], ${column((r) => String(r.refused))}::text[]::boolean[],
      ${column((r) => r.outcome)}::text[], ${column((r) => r.source)}::text[], ${column((r) => r.requests)}::int[],
      ${column((r) => String(r.latencySumMs))}::text[]::bigint[], ${column((r) => `{${r.buckets.join(",")}}`)}::text[]
    ) as r(key_id, account_id, day, route, status, refused, outcome, source, requests, latency_sum_ms, buckets)
    on conflict (key_id, day, route, status, refused, outcome, source) do update set
      requests = ${usageRollups.requests} + excluded.requests,
      latency_sum_ms = ${usageRollups.latencySumMs} + excluded.latency_sum_ms,
      latency_buckets = array(
        select coalesce(a, 0) + coalesce(b, 0)
        from unnest(${usageRollups.latencyBuckets}, excluded.latency_buckets) with ordinality as t(a, b, i)
        order by i)`);
  await removeEmptied(tx, rollups);
  await addToAccountRollups(tx, accountRollupsOf(rollups));
  await addToKeyDays(tx, keyDaysOf(rollups));
}

async function removeEmptied(tx: Transaction, rollups: RollupRow[]): Promise<void> {
  const emptied = rollups.filter((row) => row.requests < 0);
  if (emptied.length > 0) {
    // Only a move takes away, and only from rows this statement just locked: those are the ones that may now be empty.
    const keys = sql.join(
      emptied.map(
        (r) =>
          sql`(${r.keyId}::uuid, ${r.day}::date, ${r.route}, ${r.status}::smallint, ${r.refused}::boolean, ${r.outcome}, ${r.source})`,
      ),
      sql`, `,
    );
    await tx.execute(sql`
      delete from ${usageRollups}
      where requests <= 0 and (key_id, day, route, status, refused, outcome, source) in (${keys})`);
  }
}

function byRollupKey(a: RollupRow, b: RollupRow): number {
  return (
    compare(a.keyId, b.keyId) ||
    compare(a.day, b.day) ||
    compare(a.route, b.route) ||
    a.status - b.status ||
    Number(a.refused) - Number(b.refused) ||
    compare(a.outcome, b.outcome) ||
    compare(a.source, b.source)
  );
}
