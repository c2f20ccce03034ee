import "server-only";
import type { Executor } from "@/db";
import { events, type NewEventRow } from "@/db/schema";

/**
 * Inserts an event, in the caller's transaction. One with a dedupe key that is already there (a periodic check
 * finding the same thing again) is skipped: answers whether the row was written.
 */
export async function insertEvent(executor: Executor, row: NewEventRow): Promise<boolean> {
  const written = await executor
    .insert(events)
    .values(row)
    .onConflictDoNothing({ target: events.dedupeKey })
    .returning({ id: events.id });
  return written.length > 0;
}
