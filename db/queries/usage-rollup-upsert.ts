import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { usageAccountRollups, usageRollups } from "@/db/schema";
import { compare, type RollupRow } from "./usage-rollup-row";

/** A change to a row of the key rollups, or (without its key) of their sums over an account. */
type CallRow = Omit<RollupRow, "keyId"> & { keyId?: string };

/**
 * Adds the rows to the key rollups (`by` "key") or to the account rollups (`by` "account"), a negative row taking away,
 * in one statement. Each histogram travels as one array literal ('{1,0,…}') cast per row, since postgres.js cannot send
 * a two-dimensional int array. Rows are locked in one order (key or account, then the rest) by every instance and every
 * writer, so two writes of the same rows wait for each other instead of deadlocking. A row left with no calls is
 * removed. Answers the rows that changed anything, in that order.
 */
export async function addCallRows<R extends CallRow>(tx: Transaction, by: "key" | "account", rows: R[]): Promise<R[]> {
  const owner = by === "key" ? (row: CallRow) => row.keyId as string : (row: CallRow) => row.accountId;
  const changed = rows
    .filter((row) => row.requests !== 0 || row.latencySumMs !== 0)
    .sort(
      (a, b) =>
        compare(owner(a), owner(b)) ||
        compare(a.day, b.day) ||
        compare(a.route, b.route) ||
        a.status - b.status ||
        Number(a.refused) - Number(b.refused) ||
        compare(a.outcome, b.outcome) ||
        compare(a.source, b.source),
    );
  if (changed.length === 0) return changed;
  const table = by === "key" ? usageRollups : usageAccountRollups;
  const owners = sql.raw(by === "key" ? "key_id, account_id" : "account_id");
  const column = <T>(pick: (row: R) => T) => sql.param(changed.map(pick));
  const ownerArrays =
    by === "key"
      ? sql`${column((r) => r.keyId)}::text[]::uuid[], ${column((r) => r.accountId)}::text[]::uuid[]`
      : sql`${column((r) => r.accountId)}::text[]::uuid[]`;
  const rowKey = sql.raw(`${by === "key" ? "key_id" : "account_id"}, day, route, status, refused, outcome, source`);
  await tx.execute(sql`
    insert into ${table} (${owners}, day, route, status, refused, outcome, source, requests, latency_sum_ms, latency_buckets)
    select ${owners}, day, route, status, refused, outcome, source, requests, latency_sum_ms, buckets::int[]
    from unnest(
      ${ownerArrays}, ${column((r) => r.day)}::text[]::date[], ${column((r) => r.route)}::text[],
      ${column((r) => r.status)}::int[]::smallint[], ${column((r) => String(r.refused))}::text[]::boolean[],
      ${column((r) => r.outcome)}::text[], ${column((r) => r.source)}::text[], ${column((r) => r.requests)}::int[],
      ${column((r) => String(r.latencySumMs))}::text[]::bigint[], ${column((r) => `{${r.buckets.join(",")}}`)}::text[]
    ) as r(${owners}, day, route, status, refused, outcome, source, requests, latency_sum_ms, buckets)
    on conflict (${rowKey}) do update set
      requests = ${table.requests} + excluded.requests,
      latency_sum_ms = ${table.latencySumMs} + excluded.latency_sum_ms,
      latency_buckets = array(
        select coalesce(a, 0) + coalesce(b, 0)
        from unnest(${table.latencyBuckets}, excluded.latency_buckets) with ordinality as t(a, b, i)
        order by i)`);
  // Only a move takes away, and only from rows this statement just locked: those are the ones that may now be empty.
  const emptied = changed.filter((row) => row.requests < 0);
  if (emptied.length > 0) {
    const keys = sql.join(
      emptied.map(
        (r) =>
          sql`(${owner(r)}::uuid, ${r.day}::date, ${r.route}, ${r.status}::smallint, ${r.refused}::boolean, ${r.outcome}, ${r.source})`,
      ),
      sql`, `,
    );
    await tx.execute(sql`delete from ${table} where requests <= 0 and (${rowKey}) in (${keys})`);
  }
  return changed;
}
