import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { isDatabaseUnavailable } from "@/db/errors";
import { resultRows } from "@/db/rows";
import { keyOrigins, keySignalCounts, usageAccountRollups, usageKeyDays, usageRollups } from "@/db/schema";
import { DEFAULT_PARTITION, listDayPartitions, lockPartitions, partitionNameOf } from "./usage-partitions";

export interface PruneResult {
  /** Raw events removed, whether with their day's partition or one by one. */
  events: number;
  /** Day partitions of usage_events dropped whole. */
  partitions: number;
  rollups: number;
  /** Rows of the account rollups and key days (sums of the rollups, kept as long). */
  summaries: number;
  /** Origins of keys not seen for as long as raw events are kept, and signal counts older than a day. */
  signals: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// Dropping a partition must wait for the queries reading usage_events to end; each try gives up after 2 s rather than
// hold every new query up behind it, and is tried again a little later.
const DROP_TRIES = 5;
const DROP_PAUSE_MS = 1_000;

/**
 * Removes raw events older than `eventDays` days and rollups (and their sums) of days older than `rollupDays` days. A
 * day partition of usage_events wholly before the cutoff is dropped whole: no row of it is deleted one by one. What is
 * left before the cutoff (the day the cutoff falls in, and old events that landed in the default partition) and the
 * rollups, which are not partitioned, are deleted `batchSize` rows per statement, each a short transaction, so the
 * API's usage writes never wait long behind the prune.
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
  const cutoffDay = eventCutoff.toISOString().slice(0, 10);
  // A day partition is wholly expired when its day ends at or before the cutoff, that is when it is before the
  // cutoff's own day (or is that day, for a cutoff at exactly midnight).
  const expired = (day: string) => Date.parse(`${day}T00:00:00Z`) + DAY_MS <= eventCutoff.getTime();

  let events = 0;
  let partitions = 0;
  for (const { name, day } of await listDayPartitions(db)) {
    if (!expired(day)) continue;
    const held = await dropPartition(db, name);
    if (held === null) continue;
    events += held;
    partitions++;
  }
  const partlyExpired = (await listDayPartitions(db)).some((p) => p.day === cutoffDay);
  const before = sql`at < ${eventCutoff.toISOString()}::timestamptz`;
  for (const table of [...(partlyExpired ? [partitionNameOf(cutoffDay)] : []), DEFAULT_PARTITION]) {
    events += await deleteInBatches(db, sql`${sql.identifier(table)}`, before, batchSize);
  }
  const expiredDays = sql`day < ${rollupCutoff}::date`;
  const rollups = await deleteInBatches(db, usageRollups, expiredDays, batchSize);
  const summaries =
    (await deleteInBatches(db, usageAccountRollups, expiredDays, batchSize)) +
    (await deleteInBatches(db, usageKeyDays, expiredDays, batchSize));
  const signals =
    (await deleteInBatches(db, keyOrigins, sql`last_seen_at < ${eventCutoff.toISOString()}::timestamptz`, batchSize)) +
    (await deleteInBatches(
      db,
      keySignalCounts,
      sql`window_start < ${new Date(now.getTime() - DAY_MS).toISOString()}::timestamptz`,
      batchSize,
    ));
  return { events, partitions, rollups, summaries, signals };
}

/**
 * Drops a day partition under the partitions' lock, and answers how many events it held (null if another prune dropped
 * it meanwhile). They are counted first, reading the partition alone: only the drop itself locks usage_events, for an
 * instant, once the queries already reading it are done. Dropped rather than detached: DETACH … CONCURRENTLY is not
 * allowed beside a default partition, and a detached table's own drop would lock api_keys, which every key lookup
 * reads, to remove the foreign-key triggers that detaching gives it.
 */
async function dropPartition(db: Database, name: string): Promise<number | null> {
  const table = sql.identifier(name);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        await lockPartitions(tx);
        if (!(await listDayPartitions(tx)).some((p) => p.name === name)) return null;
        const [{ n }] = resultRows<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ${table}`));
        await tx.execute(sql`drop table ${table}`);
        return Number(n);
      });
    } catch (error) {
      // lock_not_available: queries held usage_events for longer than the lock timeout. Another go in a moment.
      if (attempt >= DROP_TRIES || !isDatabaseUnavailable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, DROP_PAUSE_MS));
    }
  }
}

async function deleteInBatches(
  db: Database,
  table:
    | SQL
    | typeof usageRollups
    | typeof usageAccountRollups
    | typeof usageKeyDays
    | typeof keyOrigins
    | typeof keySignalCounts,
  where: SQL,
  batchSize: number,
) {
  let total = 0;
  for (;;) {
    const result = await db.execute(sql`
      with gone as (
        delete from ${table} where ctid in (select ctid from ${table} where ${where} limit ${batchSize})
        returning 1)
      select count(*)::int as n from gone`);
    const n = Number(resultRows<{ n: number }>(result)[0]?.n ?? 0);
    total += n;
    if (n < batchSize) return total;
  }
}
