import "server-only";
import type { Executor } from "@/db";
import { events, type NewEventRow } from "@/db/schema";

/**
 * Inserts events in one statement, in the caller's transaction. One whose dedupe key is already there (a periodic
 * check finding the same thing again) is skipped: answers how many were written.
 */
export async function insertEvents(executor: Executor, rows: NewEventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const written = await executor
    .insert(events)
    .values(rows)
    .onConflictDoNothing({ target: events.dedupeKey })
    .returning({ id: events.id });
  return written.length;
}
