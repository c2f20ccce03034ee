import "server-only";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor, Transaction } from "@/db";
import { accounts, events, memberships, notificationPreferences, notifications, users, type EventRow } from "@/db/schema";

// The dispatcher's reads and writes (lib/events/dispatch.ts): events not yet dispatched, taken with their rows locked
// so that two instances dispatching at once take different ones; who is told; the inbox rows.

export const EVENTS_CHANNEL = "latchkey_events";

/** Wakes the dispatchers of every instance once the transaction commits (a NOTIFY is delivered only then). */
export async function notifyNewEvent(executor: Executor): Promise<void> {
  await executor.execute(sql`select pg_notify(${EVENTS_CHANNEL}, '')`);
}

/**
 * The oldest events not yet dispatched, of the types this version knows (one written by a newer version during a
 * rolling upgrade waits for an instance that knows it), locked for this transaction; rows another dispatcher holds
 * are skipped.
 */
export function takeUndispatchedEvents(tx: Transaction, limit: number, types: readonly string[]): Promise<EventRow[]> {
  return tx
    .select()
    .from(events)
    .where(and(isNull(events.dispatchedAt), inArray(events.type, [...types])))
    .orderBy(asc(events.occurredAt))
    .limit(limit)
    .for("update", { skipLocked: true });
}

/** Sets an event aside: marked dispatched, nothing delivered, and why (see events.dispatch_error). */
export async function setEventAside(executor: Executor, eventId: string, reason: string): Promise<void> {
  await executor
    .update(events)
    .set({ dispatchedAt: sql`now()`, dispatchError: reason.slice(0, 500) })
    .where(and(eq(events.id, eventId), isNull(events.dispatchedAt)));
}

export async function markDispatched(tx: Transaction, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await tx.update(events).set({ dispatchedAt: sql`now()` }).where(inArray(events.id, eventIds));
}

/** The members of these accounts, with their saved channel choices (none saved: an empty list). */
export async function membersToTell(tx: Transaction, accountIds: string[]) {
  if (accountIds.length === 0) return [];
  const members = await tx
    .select({ accountId: memberships.accountId, accountName: accounts.name, userId: memberships.userId, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(inArray(memberships.accountId, accountIds));
  const userIds = [...new Set(members.map((member) => member.userId))];
  const saved =
    userIds.length === 0
      ? []
      : await tx.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, userIds));
  return members.map((member) => ({ ...member, saved: saved.filter((row) => row.userId === member.userId) }));
}

// Rows per INSERT: far below the 65,535 parameters one statement may carry.
const CHUNK = 1_000;

export async function insertNotifications(
  tx: Transaction,
  rows: { userId: string; accountId: string; eventId: string }[],
): Promise<void> {
  for (let at = 0; at < rows.length; at += CHUNK) {
    await tx
      .insert(notifications)
      .values(rows.slice(at, at + CHUNK))
      .onConflictDoNothing();
  }
}
