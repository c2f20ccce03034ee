import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { resultRows } from "@/db/rows";
import { events, formSubmissions, mailOutbox, usageQuotaCounters, userSessions } from "@/db/schema";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface EventPruneResult {
  /** Events gone, with their inbox entries (the foreign key cascades). */
  events: number;
  mail: number;
  /** Usage quota counters of days and months long over (a total's, which starts at the epoch, is never over). */
  quotaCounters: number;
  /** Tokens of forms submitted over a day ago (db/schema/submissions.ts): no form stays open that long. */
  formSubmissions: number;
  /** Sign-in sessions ended or expired over SESSION_RETENTION_DAYS ago (kept that long for the person to look back). */
  sessions: number;
}

// Sessions ended (signed out) or expired (the 8-hour cookie long over) stay this long, then go.
const SESSION_RETENTION_DAYS = 30;

/**
 * Forgets events, and the inbox entries and mail made of them, older than `days` days,
 * usage quota counters of periods long over, and sign-in sessions over 30 days old, `batchSize` rows per
 * statement (each its own short transaction, so the dispatcher and the inbox never wait long). An event still
 * waiting to be dispatched, and mail still queued, are kept whatever their age: they have yet to be delivered.
 */
export async function pruneEvents({
  days,
  batchSize = 5_000,
  now = new Date(),
}: {
  days: number;
  batchSize?: number;
  now?: Date;
}): Promise<EventPruneResult> {
  const db = await getDb();
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  const deleteOld = async (
    table: typeof events | typeof mailOutbox | typeof usageQuotaCounters | typeof formSubmissions | typeof userSessions,
    where: ReturnType<typeof sql>,
  ) => {
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
  };
  return {
    events: await deleteOld(events, sql`occurred_at < ${cutoff}::timestamptz and dispatched_at is not null`),
    mail: await deleteOld(mailOutbox, sql`created_at < ${cutoff}::timestamptz and status <> 'queued'`),
    // A month started at most 31 days ago is the latest one: anything older than 32 days is a past period's.
    quotaCounters: await deleteOld(
      usageQuotaCounters,
      sql`period_start < ${new Date(now.getTime() - 32 * DAY_MS).toISOString()}::timestamptz and period_start > 'epoch'::timestamptz`,
    ),
    formSubmissions: await deleteOld(
      formSubmissions,
      sql`created_at < ${new Date(now.getTime() - DAY_MS).toISOString()}::timestamptz`,
    ),
    // A session's age is its sign-in's: none lasts past 8 hours (lib/auth/session-age.ts), ended or not.
    sessions: await deleteOld(
      userSessions,
      sql`created_at < ${new Date(now.getTime() - SESSION_RETENTION_DAYS * DAY_MS).toISOString()}::timestamptz`,
    ),
  };
}
