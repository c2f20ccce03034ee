import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { addMinutes } from "date-fns";
import { findUserTokenByHash, insertUserToken, markUserTokenUsed, revokeOpenUserTokens } from "@/db/queries/user-tokens";
import { findUserByEmail, updateUser } from "@/db/queries/users";
import { endUserSessions } from "@/db/queries/user-sessions";
import type { Actor } from "@/lib/audit/actor";
import { takePasswordResetAttempt } from "@/lib/auth/password-reset-throttle";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/infra/logger";
import { passwordChangedMail, passwordResetMail } from "./account-mail";
import { hashOneTimeToken, newOneTimeToken, PASSWORD_RESET_MINUTES, tokenProblem, type TokenProblem } from "./one-time-token";
import { hashNewPassword } from "./profile";
import { auditUser, userCommand } from "./user-steps";

// A forgotten password: a link mailed to the account's address, which works once within 30 minutes. Asking answers
// the same, in about the same time, whether or not the address has an account; setting the new password signs nobody
// in (the person signs in with it, which proves they know it).

/** Every answer to a request takes at least this long, so the time it takes does not tell whether a mail was queued. */
const ANSWER_AFTER_MS = 400;

/** Where the request comes from: no person is signed in. */
export type Visitor = Pick<Actor, "ip" | "userAgent">;

export type ResetRequestOutcome = { ok: true } | { ok: false; retryAfterSeconds: number };

export async function requestPasswordReset(email: string, visitor: Visitor, linkBase: string): Promise<ResetRequestOutcome> {
  const started = Date.now();
  try {
    const wait = await takePasswordResetAttempt(email, visitor.ip);
    if (wait > 0) {
      logger.warn({ event: "password_reset.throttled", ip: visitor.ip, retryAfterSeconds: wait }, "password reset refused");
      return { ok: false, retryAfterSeconds: wait };
    }
    const user = await findUserByEmail(email);
    if (user) await mailResetLink(user.id, visitor, linkBase);
    return { ok: true };
  } finally {
    await sleep(Math.max(0, ANSWER_AFTER_MS - (Date.now() - started)));
  }
}

async function mailResetLink(userId: string, visitor: Visitor, linkBase: string): Promise<void> {
  await userCommand(userId, async (tx, user, mail) => {
    // One link at a time: asking again replaces the one before.
    const replaced = await revokeOpenUserTokens(tx, userId, "password_reset");
    const { token, tokenHash } = newOneTimeToken();
    const row = await insertUserToken(tx, {
      userId,
      purpose: "password_reset",
      tokenHash,
      expiresAt: addMinutes(new Date(), PASSWORD_RESET_MINUTES),
    });
    // Nobody is signed in: the row names no actor, only where the request came from.
    await auditUser(tx, { userId: null, keyId: null, role: "client", ...visitor }, "user.password_reset_request", userId, {
      expiresAt: { to: row.expiresAt.toISOString() },
      ...(replaced > 0 && { replacedLinks: { to: replaced } }),
    });
    mail(passwordResetMail(user.email, linkBase, token, PASSWORD_RESET_MINUTES));
  });
}

/** For the reset page: whether the link still works, before asking for a new password. */
export async function resetLinkProblem(token: string): Promise<TokenProblem | "unknown" | null> {
  const found = await findUserTokenByHash(hashOneTimeToken(token), "password_reset");
  return found ? tokenProblem(found) : "unknown";
}

const PROBLEMS: Record<TokenProblem | "unknown", string> = {
  unknown: "This link is not valid. Ask for a new one.",
  used: "This link has already been used. Ask for a new one if you need to.",
  revoked: "This link was replaced by a newer one, or your password changed since. Use the newest link, or ask again.",
  expired: `This link has expired (links work for ${PASSWORD_RESET_MINUTES} minutes). Ask for a new one.`,
};

export function resetLinkProblemMessage(problem: TokenProblem | "unknown"): string {
  return PROBLEMS[problem];
}

/**
 * Sets the new password through the link. The token is locked first, so of two uses exactly one succeeds; every other
 * open link of the person stops working, and a mail says the password changed. The audit row's actor is the person,
 * `via: reset`.
 */
export async function resetPassword(token: string, password: string, visitor: Visitor, linkBase: string): Promise<void> {
  const tokenHash = hashOneTimeToken(token);
  const peek = await findUserTokenByHash(tokenHash, "password_reset");
  if (!peek) throw new AppError("not_found", PROBLEMS.unknown);
  const problem = tokenProblem(peek);
  if (problem) throw new AppError("conflict", PROBLEMS[problem]);
  // Hashed before the transaction (it takes a while); the token is checked again, locked, inside it.
  const passwordHash = await hashNewPassword(password);
  await userCommand(peek.userId, async (tx, user, mail) => {
    const found = await findUserTokenByHash(tokenHash, "password_reset", tx, { forUpdate: true });
    const now = found && tokenProblem(found);
    if (!found || now) throw new AppError("conflict", PROBLEMS[now || "unknown"]);
    await updateUser(tx, user.id, { passwordHash });
    await markUserTokenUsed(tx, found.id);
    await revokeOpenUserTokens(tx, user.id, "password_reset");
    // Whoever knew the old password (or held a session made with it) is out: every session ends.
    const endedSessions = await endUserSessions(tx, user.id, null);
    const actor: Actor = { userId: user.id, keyId: null, role: user.role, ...visitor };
    await auditUser(tx, actor, "user.password_reset", user.id, {
      password: { to: "changed" },
      via: { to: "reset" },
      ...(endedSessions > 0 && { endedSessions: { to: endedSessions } }),
    });
    mail(passwordChangedMail(user.email, linkBase, "reset"));
  });
}
