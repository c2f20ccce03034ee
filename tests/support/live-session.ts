import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db";
import { userSessions, users } from "@/db/schema";

/**
 * What Auth.js's auth() answers for a signed-in person, as the tests' mock of "@/auth" returns it: the user and a live
 * session row of theirs (lib/http/session.ts refuses a session without one), made on first use and reused after.
 */
export async function withLiveSession<S extends { user: { id: string; sessionId?: string } } | null>(session: S): Promise<S> {
  if (!session || session.user.sessionId) return session;
  const db = await getDb();
  const userId = session.user.id;
  const [live] = await db
    .select({ id: userSessions.id })
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt)))
    .limit(1);
  const [user] = live ? [] : await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  // A person who does not exist (deleted, or a made-up id) has no session row either: an id that finds none.
  const id = live?.id ?? (user ? (await db.insert(userSessions).values({ userId }).returning())[0].id : randomUUID());
  return { ...session, user: { ...session.user, sessionId: id } };
}

/** A session row as a sign-in with the user's current password makes it (lib/auth/sessions.ts startSession). */
export async function startTestSession(
  userId: string,
  from: { ip: string | null; userAgent: string | null } = { ip: null, userAgent: null },
) {
  const { startSession } = await import("@/lib/auth/sessions");
  const db = await getDb();
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  const session = user && (await startSession(userId, from, user.passwordHash));
  if (!session) throw new Error(`no session could be started for ${userId}`);
  return session;
}
