import "server-only";
import { getDb } from "@/db";
import {
  endUserSession,
  endUserSessions,
  findLiveSession,
  insertUserSession,
  listLiveSessions,
  markSessionReauthenticated,
  touchSession,
} from "@/db/queries/user-sessions";
import type { UserSession } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit, recordDenied } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/infra/logger";
import { sessionsStartedAfter } from "./session-age";

// Signed-in sessions kept on the server. The cookie is a JWT, which cannot be taken back once issued; it carries the
// id of a row here, and every request checks the row (lib/http/session.ts). Ending the row signs that browser out on
// its next request, so "sign out everywhere" and a password change really end the other sessions.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A new session, at sign-in, for the password hash the sign-in verified: none (undefined) if the password changed, or
 * the person was deleted, while the (slow) check ran. Without this, a sign-in with the old password in progress
 * during a reset would outlive it: the reset ends only the sessions that exist when it commits.
 */
export function startSession(
  userId: string,
  from: { ip: string | null; userAgent: string | null },
  verifiedPasswordHash: string,
): Promise<UserSession | undefined> {
  return insertUserSession({ userId, ip: from.ip, userAgent: from.userAgent }, verifiedPasswordHash);
}

/** The session, if it is still live (not ended, not expired), marked seen. */
export async function liveSession(sessionId: string, userId: string): Promise<UserSession | null> {
  if (!UUID.test(sessionId)) return null;
  const row = await findLiveSession(sessionId, userId, sessionsStartedAfter());
  if (!row) return null;
  // Last seen is a courtesy: a database that cannot take the write (frozen, read-only) must not fail the request
  // that only read the session. Logged, not thrown.
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await touchSession(row.id).catch((error: unknown) => logger.warn({ err: error }, "could not mark a session seen"));
  }
  return row;
}

export function listSessions(userId: string): Promise<UserSession[]> {
  return listLiveSessions(userId, sessionsStartedAfter());
}

/** Ends one of the person's own sessions (signed out there on its next request). */
export async function endSession(actor: Actor, userId: string, sessionId: string): Promise<void> {
  const db = await getDb();
  const ended = await db.transaction(async (tx) => {
    if (!(await endUserSession(tx, userId, sessionId))) return false;
    await recordAudit(tx, auditEntry(actor, "session.end", { accountId: userId }));
    return true;
  });
  if (!ended) {
    // One already ended, or another person's id: the same answer, and the attempt in the trail.
    await recordDenied(db, actor, "session.end", { accountId: userId }, "not_found");
    throw new AppError("not_found", "That session has already ended.");
  }
}

/** Sign-out of this browser: the row ends with it. Not audited (signing out is no change to the account). */
export async function endOwnSession(userId: string, sessionId: string): Promise<void> {
  await endUserSession(await getDb(), userId, sessionId);
}

/**
 * Ends every session of the person's but `exceptSessionId` (the one asking): "sign out of all other sessions", and what
 * a password change or reset does. Returns how many were ended; audited when any were and an actor is given.
 */
export async function endOtherSessions(userId: string, exceptSessionId: string, actor?: Actor): Promise<number> {
  return endSessionsAudited(userId, exceptSessionId, actor);
}

/** Ends every session of the person's, this one included (an account deleted, a password reset by email link). */
export async function endAllSessions(userId: string, actor?: Actor): Promise<number> {
  return endSessionsAudited(userId, null, actor);
}

async function endSessionsAudited(userId: string, exceptSessionId: string | null, actor?: Actor): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const ended = await endUserSessions(tx, userId, exceptSessionId);
    if (ended > 0 && actor) {
      await recordAudit(
        tx,
        auditEntry(
          actor,
          exceptSessionId ? "session.end_others" : "session.end_all",
          { accountId: userId },
          {
            sessions: { to: ended },
          },
        ),
      );
    }
    return ended;
  });
}

/** The person proved who they are again in this session: sensitive actions go through for the next while. */
export function recordReauthentication(sessionId: string, userId: string): Promise<void> {
  return markSessionReauthenticated(sessionId, userId);
}
