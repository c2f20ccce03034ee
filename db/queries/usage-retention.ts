import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { resultRows } from "@/db/rows";
import { usageAccountRollups, usageEvents, usageKeyDays, usageRollups } from "@/db/schema";

export interface PruneResult {
  events: number;
  rollups: number;
  /** Rows of the account rollups and key days (sums of the rollups, kept as long). */
  summaries: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes raw events older than `eventDays` days and rollups (and their sums) of days older than `rollupDays` days, `batchSize` rows
 * per statement: each delete is a short transaction, so the API's usage writes never wait long behind the prune.
 */
export async function pruneUsage({
  eventDays,
  rollupDays,
  batchSize = 10_000,
  now = new Date(),
}: {
  eventDays: number;
  rollupDays: number;
  batchSize?: number;
  now?: Date;
}): Promise<PruneResult> {
  const db = await getDb();
  const eventCutoff = new Date(now.getTime() - eventDays * DAY_MS);
  const rollupCutoff = new Date(now.getTime() - rollupDays * DAY_MS).toISOString().slice(0, 10);
  const deleted = async (query: ReturnType<typeof sql>) => {
    const result = await db.execute<{ n: number }>(query);
    return Number(resultRows<{ n: number }>(result)[0]?.n ?? 0);
  };
  let events = 0;
  for (;;) {
    // The usage_events (at) index finds the oldest rows without a scan.
    const n = await deleted(sql`
      with gone as (
        delete from ${usageEvents} where id in (
          select id from ${usageEvents} where at < ${eventCutoff.toISOString()}::timestamptz limit ${batchSize})
        returning 1)
      select count(*)::int as n from gone`);
    events += n;
    if (n < batchSize) break;
  }
  const pruneDays = async (table: typeof usageRollups | typeof usageAccountRollups | typeof usageKeyDays) => {
    let total = 0;
    for (;;) {
      const n = await deleted(sql`
        with gone as (
          delete from ${table} where ctid in (
            select ctid from ${table} where day < ${rollupCutoff}::date limit ${batchSize})
          returning 1)
        select count(*)::int as n from gone`);
      total += n;
      if (n < batchSize) return total;
    }
  };
  const rollups = await pruneDays(usageRollups);
  const summaries = (await pruneDays(usageAccountRollups)) + (await pruneDays(usageKeyDays));
  return { events, rollups, summaries };
}
