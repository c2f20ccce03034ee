import "server-only";
import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { events, notificationPreferences, notifications } from "@/db/schema";

// A person's inbox in one account, and their channel choices. Every query carries the user and the account.

export interface InboxEntry {
  id: string;
  eventId: string;
  type: string;
  keyId: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
  readAt: Date | null;
}

/** The newest entries first, `limit` at a time; `before` (an entry's time and id) continues from there. */
export async function listInbox(
  { userId, accountId }: { userId: string; accountId: string },
  { before, limit }: { before?: { at: Date; id: string }; limit: number },
): Promise<{ entries: InboxEntry[]; hasMore: boolean }> {
  const db = await getDb();
  const rows = await db
    .select({
      id: notifications.id,
      eventId: events.id,
      type: events.type,
      keyId: events.keyId,
      data: events.data,
      occurredAt: events.occurredAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .innerJoin(events, eq(events.id, notifications.eventId))
    .where(
      and(
        eq(notifications.userId, userId),
        eq(notifications.accountId, accountId),
        before
          ? or(lt(events.occurredAt, before.at), and(eq(events.occurredAt, before.at), lt(notifications.id, before.id)))
          : undefined,
      ),
    )
    .orderBy(desc(events.occurredAt), desc(notifications.id))
    .limit(limit + 1);
  return { entries: rows.slice(0, limit), hasMore: rows.length > limit };
}

/**
 * Marks entries read: these (`ids`), or every unread one (that had arrived by `arrivedBy`, a time as
 * newestArrival answers it); answers how many changed.
 */
export async function markInboxRead(
  { userId, accountId }: { userId: string; accountId: string },
  { ids, arrivedBy }: { ids?: string[]; arrivedBy?: string } = {},
): Promise<number> {
  const db = await getDb();
  const changed = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.userId, userId),
        eq(notifications.accountId, accountId),
        isNull(notifications.readAt),
        ids ? inArray(notifications.id, ids) : undefined,
        arrivedBy ? sql`${notifications.createdAt} <= ${arrivedBy}::timestamptz` : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return changed.length;
}

export async function savedChannelChoices(userId: string) {
  const db = await getDb();
  return db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
}

/**
 * Saves a person's choices for these types, in one statement: two saves at once (two tabs) both succeed, the later
 * one's choices kept, rather than one failing on the other's rows.
 */
export async function saveChannelChoices(userId: string, rows: { eventType: string; inApp: boolean; email: boolean }[]) {
  if (rows.length === 0) return;
  const db = await getDb();
  await db
    .insert(notificationPreferences)
    .values(rows.map((row) => ({ ...row, userId })))
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.eventType],
      set: { inApp: sql`excluded.in_app`, email: sql`excluded.email` },
    });
}

/**
 * When the newest entry of a person's inbox in an account arrived, by the database's clock and to the microsecond
 * (a Date would round it down, and an entry of that very time would then count as newer): null for an empty inbox.
 */
export async function newestArrival(userId: string, accountId: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      at: sql<string | null>`to_char(max(${notifications.createdAt}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.accountId, accountId)));
  return row?.at ?? null;
}

/** Unread notifications of a user in an account (the header's count). */
export async function countUnread(executor: Executor, userId: string, accountId: string): Promise<number> {
  const [row] = await executor
    .select({ count: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.accountId, accountId), isNull(notifications.readAt)));
  return row?.count ?? 0;
}
