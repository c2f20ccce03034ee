import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { usageKeyDays } from "@/db/schema";
import { emptyHistogram } from "@/db/usage-histogram";
import { compare, type RollupRow } from "./usage-rollup-row";

// The account rollups and the key days are sums of the key rollups, kept by the same writes in the same transaction
// (addToRollups calls these with the rows it has just added), so that they never disagree with them.

type AccountRollupRow = Omit<RollupRow, "keyId">;

interface KeyDayRow {
  keyId: string;
  accountId: string;
  day: string;
  requests: number;
  errors: number;
  refused: number;
}

/** The rows summed over keys (a negative row takes away, as in the key rollups). */
export function accountRollupsOf(rows: RollupRow[]): AccountRollupRow[] {
  const sums = new Map<string, AccountRollupRow>();
  for (const { keyId: _key, ...row } of rows) {
    const id = [row.accountId, row.day, row.route, row.status, row.refused, row.outcome, row.source].join("\u0000");
    const sum = sums.get(id) ?? { ...row, requests: 0, latencySumMs: 0, buckets: emptyHistogram() };
    sum.requests += row.requests;
    sum.latencySumMs += row.latencySumMs;
    row.buckets.forEach((n, i) => {
      sum.buckets[i] += n;
    });
    sums.set(id, sum);
  }
  return [...sums.values()];
}

/** The rows summed per key and day: accepted calls, errors among them, refusals. */
export function keyDaysOf(rows: RollupRow[]): KeyDayRow[] {
  const sums = new Map<string, KeyDayRow>();
  for (const row of rows) {
    const id = `${row.keyId}\u0000${row.day}`;
    const sum = sums.get(id) ?? { keyId: row.keyId, accountId: row.accountId, day: row.day, requests: 0, errors: 0, refused: 0 };
    if (row.refused) sum.refused += row.requests;
    else {
      sum.requests += row.requests;
      if (row.status >= 400) sum.errors += row.requests;
    }
    sums.set(id, sum);
  }
  return [...sums.values()];
}

/** Adds to the key days, in key then day order (the order the key rollups were locked in). */
export async function addToKeyDays(tx: Transaction, rows: KeyDayRow[]): Promise<void> {
  const changed = rows
    .filter((row) => row.requests !== 0 || row.errors !== 0 || row.refused !== 0)
    .sort((a, b) => compare(a.keyId, b.keyId) || compare(a.day, b.day));
  if (changed.length === 0) return;
  const column = <T>(pick: (row: KeyDayRow) => T) => sql.param(changed.map(pick));
  await tx.execute(sql`
    insert into ${usageKeyDays} (key_id, account_id, day, requests, errors, refused)
    select * from unnest(
      ${column((r) => r.keyId)}::text[]::uuid[], ${column((r) => r.accountId)}::text[]::uuid[],
      ${column((r) => r.day)}::text[]::date[], ${column((r) => r.requests)}::int[], ${column((r) => r.errors)}::int[],
      ${column((r) => r.refused)}::int[])
    on conflict (key_id, day) do update set
      requests = ${usageKeyDays.requests} + excluded.requests,
      errors = ${usageKeyDays.errors} + excluded.errors,
      refused = ${usageKeyDays.refused} + excluded.refused`);
  // A call reported as moving never empties a day (it moves within it), but a negative row could: keep no empty rows.
  if (changed.some((row) => row.requests < 0 || row.refused < 0)) {
    const keys = sql.join(
      changed.map((r) => sql`(${r.keyId}::uuid, ${r.day}::date)`),
      sql`, `,
    );
    await tx.execute(sql`
      delete from ${usageKeyDays} where requests <= 0 and refused <= 0 and (key_id, day) in (${keys})`);
  }
}
