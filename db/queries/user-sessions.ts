import "server-only";
import { and, desc, eq, gt, isNull, lt, ne, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db";
import { userSessions, users, type UserSession } from "@/db/schema";

/**
 * A session for the user, only while their password is still the one the sign-in checked (and they are not deleted):
 * the user's row is locked (FOR SHARE) until the session is in, so a password change or reset either committed before
 * (the hash differs: no session) or waits for this one and then ends it with the others.
 */
export async function insertUserSession(
  values: { userId: string; ip: string | null; userAgent: string | null },
  verifiedPasswordHash: string,
): Promise<UserSession | undefined> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, values.userId), eq(users.passwordHash, verifiedPasswordHash), isNull(users.deletedAt)))
      .for("share");
    if (!current) return undefined;
    const [row] = await tx.insert(userSessions).values(values).returning();
    return row;
  });
}

/** The session if it is the user's, not ended and started after `startedAfter` (older ones have expired). */
export async function findLiveSession(id: string, userId: string, startedAfter: Date): Promise<UserSession | undefined> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(userSessions)
    .where(
      and(
        eq(userSessions.id, id),
        eq(userSessions.userId, userId),
        isNull(userSessions.endedAt),
        gt(userSessions.createdAt, startedAfter),
      ),
    )
    .limit(1);
  return row;
}

/** Marks the session seen now, unless it was within the last minute: a page view seldom writes. */
export async function touchSession(id: string): Promise<void> {
  const db = await getDb();
  await db
    .update(userSessions)
    .set({ lastSeenAt: sql`now()` })
    .where(and(eq(userSessions.id, id), lt(userSessions.lastSeenAt, sql`now() - interval '1 minute'`)));
}

export async function listLiveSessions(userId: string, startedAfter: Date): Promise<UserSession[]> {
  const db = await getDb();
  return db
    .select()
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt), gt(userSessions.createdAt, startedAfter)))
    .orderBy(desc(userSessions.lastSeenAt))
    .limit(200);
}

/** Ends one of the user's sessions (the user's id in the WHERE: another person's id finds nothing). */
export async function endUserSession(executor: Executor, userId: string, id: string): Promise<boolean> {
  const ended = await executor
    .update(userSessions)
    .set({ endedAt: sql`now()` })
    .where(and(eq(userSessions.id, id), eq(userSessions.userId, userId), isNull(userSessions.endedAt)))
    .returning({ id: userSessions.id });
  return ended.length > 0;
}

/** Ends every session of the user's still open but `exceptId`'s; the number ended. */
export async function endUserSessions(executor: Executor, userId: string, exceptId: string | null): Promise<number> {
  const ended = await executor
    .update(userSessions)
    .set({ endedAt: sql`now()` })
    .where(
      and(eq(userSessions.userId, userId), isNull(userSessions.endedAt), exceptId ? ne(userSessions.id, exceptId) : undefined),
    )
    .returning({ id: userSessions.id });
  return ended.length;
}

export async function markSessionReauthenticated(id: string, userId: string): Promise<void> {
  const db = await getDb();
  await db
    .update(userSessions)
    .set({ reauthenticatedAt: sql`now()` })
    .where(and(eq(userSessions.id, id), eq(userSessions.userId, userId), isNull(userSessions.endedAt)));
}
