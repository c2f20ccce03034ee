import "server-only";
import type { Transaction } from "@/db/client";
import type { NewUsageEvent } from "@/db/schema";
import { emptyHistogram, latencyBucketOf } from "@/db/usage-histogram";
import { compare, type RollupRow } from "./usage-rollup-row";
import { addCallRows } from "./usage-rollup-upsert";
import { accountRollupsOf, addToKeyDays, keyDaysOf } from "./usage-summary-writes";

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
 * Adds the rows to the daily rollups (a negative row takes away; see addCallRows), then the account rollups and key
 * days summed from them, in the same transaction, each locked in its own fixed order after the key rollups.
 */
export async function addToRollups(tx: Transaction, rows: RollupRow[]): Promise<void> {
  const rollups = await addCallRows(tx, "key", rows);
  if (rollups.length === 0) return;
  await addCallRows(tx, "account", accountRollupsOf(rollups));
  await addToKeyDays(tx, keyDaysOf(rollups));
}
