import "server-only";
import { sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { getDb } from "@/db";
import type { Executor, Transaction } from "@/db/client";
import { resultRows } from "@/db/rows";
import { usageEvents } from "@/db/schema";

// usage_events is partitioned by range of `at`: one partition per UTC day, named usage_events_pYYYYMMDD, and a default
// partition for any event whose day has none (migration 0012). Partitions are made ahead of time by every instance
// (lib/usage/partition-upkeep.ts) and dropped by the prune (usage-retention.ts).

export const DEFAULT_PARTITION = "usage_events_default";
const NAME = /^usage_events_p(\d{4})(\d{2})(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;
// Anything that adds or removes a partition takes this first, so that instances and the prune never race on the DDL.
const PARTITIONS_LOCK_ID = 7_240_252;
// DDL on a partition waits for the queries reading it; it gives up rather than queue every other query behind it, and
// is tried again later.
const DDL_LOCK_TIMEOUT = sql.raw("set local lock_timeout = '2s'");

export interface DayPartition {
  name: string;
  /** The UTC day it holds, YYYY-MM-DD: [day 00:00, next day 00:00). */
  day: string;
}

export const partitionNameOf = (day: string) => `usage_events_p${day.replaceAll("-", "")}`;

export function dayOfPartition(name: string): string | null {
  const match = NAME.exec(name);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/** The UTC dates (YYYY-MM-DD) from `now`'s day to `daysAhead` days after it. */
export function daysFrom(now: Date, daysAhead: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: daysAhead + 1 }, (_, i) => new Date(today + i * DAY_MS).toISOString().slice(0, 10));
}

const startOf = (day: string) => `${day} 00:00:00+00`;
const endOf = (day: string) => startOf(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10));

/** The day partitions attached to usage_events now, oldest first (read from the catalogue: cheap). */
export async function listDayPartitions(executor: Executor): Promise<DayPartition[]> {
  const rows = resultRows<{ name: string }>(
    await executor.execute(sql`
      select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'usage_events'::regclass`),
  );
  return rows
    .map(({ name }) => ({ name, day: dayOfPartition(name) }))
    .filter((p): p is DayPartition => p.day !== null)
    .sort((a, b) => a.day.localeCompare(b.day));
}

/** In a transaction: waits for any other instance or prune changing partitions, and bounds waits for table locks. */
export async function lockPartitions(tx: Transaction): Promise<void> {
  await tx.execute(DDL_LOCK_TIMEOUT);
  await tx.execute(sql`select pg_advisory_xact_lock(${PARTITIONS_LOCK_ID})`);
}

/**
 * Makes sure that `now`'s UTC day and the `daysAhead` after it each have a partition, creating those missing. Safe on
 * any number of instances at once: a cheap look at the catalogue first, and only if something is missing, the DDL
 * under an advisory lock after looking again. Each day in a transaction of its own, so that catching up on many days
 * never makes one long enough to hit the database deadline. Answers the days it created.
 */
export async function ensureUsagePartitions({ now = new Date(), daysAhead = 7 } = {}): Promise<string[]> {
  const db = await getDb();
  const present = new Set((await listDayPartitions(db)).map((p) => p.day));
  const created: string[] = [];
  for (const day of daysFrom(now, daysAhead)) {
    if (present.has(day)) continue;
    const made = await db.transaction(async (tx) => {
      await lockPartitions(tx);
      if ((await listDayPartitions(tx)).some((p) => p.day === day)) return false;
      await createDayPartition(tx, day);
      return true;
    });
    if (made) created.push(day);
  }
  return created;
}

/**
 * Creates a day's partition. Postgres refuses to attach a partition while the default partition holds rows of its
 * range, so those rows (late or early events that arrived while the day had none) are moved into it first. The
 * default partition is locked before it is read, so that no event of that day can land in it meanwhile. The new table
 * is created apart and then attached, which locks usage_events itself only lightly (SHARE UPDATE EXCLUSIVE), where
 * CREATE TABLE … PARTITION OF would block every read and write of it for the while. Attaching also takes SHARE ROW
 * EXCLUSIVE on api_keys to add the foreign key's triggers: key writes wait for that instant, reads do not.
 */
async function createDayPartition(tx: Transaction, day: string): Promise<void> {
  const table = sql.identifier(partitionNameOf(day));
  const columns = sql.raw(
    getTableConfig(usageEvents)
      .columns.map((column) => `"${column.name}"`)
      .join(", "),
  );
  await tx.execute(sql`lock table ${sql.identifier(DEFAULT_PARTITION)} in access exclusive mode`);
  await tx.execute(sql`create table ${table} (like ${usageEvents} including defaults)`);
  await tx.execute(sql`
    with moved as (
      delete from ${sql.identifier(DEFAULT_PARTITION)}
      where at >= ${startOf(day)}::timestamptz and at < ${endOf(day)}::timestamptz
      returning ${columns})
    insert into ${table} (${columns}) select ${columns} from moved`);
  await tx.execute(
    sql`alter table ${usageEvents} attach partition ${table} for values from (${sql.raw(`'${startOf(day)}'`)}) to (${sql.raw(`'${endOf(day)}'`)})`,
  );
}
