import "server-only";
import { addHours } from "date-fns";
import { isUniqueViolation } from "@/db/errors";
import { findUserTokenByHash, insertUserToken, markUserTokenUsed, revokeOpenUserTokens } from "@/db/queries/user-tokens";
import { isEmailTaken, updateUser } from "@/db/queries/users";
import type { User } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { AppError, notFound } from "@/lib/errors";
import { takeEmailChangeAttempt } from "@/lib/auth/password-reset-throttle";
import type { ChangeEmailInput } from "@/lib/validations/profile";
import { confirmEmailMail, emailChangedMail } from "./account-mail";
import { EMAIL_CHANGE_HOURS, hashOneTimeToken, newOneTimeToken, tokenProblem } from "./one-time-token";
import { auditUser, requireCurrentPassword, userCommand } from "./user-steps";

// Changing the email a person signs in with. The new address must prove it is theirs: a link with a one-time token is
// mailed to it, and only that person, signed in, opening it makes the change; the old address is then told. A taken
// address is refused with sign-up's own words, which say no more than sign-up already does (that the address has an
// account, never whose).

const TAKEN = "An account with this email already exists.";

function taken(): AppError {
  return new AppError("validation_failed", "Check the highlighted fields.", { email: [TAKEN] });
}

/** At confirmation there is no field to mark: the whole answer says it. */
function takenNow(): AppError {
  return new AppError("conflict", `${TAKEN} Your address stays as it was.`);
}

/** Mails the confirmation link to the new address; a newer request replaces an open one (its link stops working). */
export async function requestEmailChange(
  actor: Actor,
  user: Pick<User, "id" | "passwordHash" | "email">,
  { email, password }: ChangeEmailInput,
  linkBase: string,
): Promise<{ expiresAt: Date }> {
  await requireCurrentPassword(user, password, "password", actor.ip);
  const wait = await takeEmailChangeAttempt(user.id);
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60);
    throw new AppError(
      "conflict",
      `Too many address changes asked for. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`,
    );
  }
  return userCommand(user.id, async (tx, locked, mail) => {
    if (locked.email.toLowerCase() === email) {
      throw new AppError("validation_failed", "Check the highlighted fields.", { email: ["This is your address already."] });
    }
    if (await isEmailTaken(tx, email, user.id)) throw taken();
    const replaced = await revokeOpenUserTokens(tx, user.id, "email_change");
    const { token, tokenHash } = newOneTimeToken();
    const row = await insertUserToken(tx, {
      userId: user.id,
      purpose: "email_change",
      tokenHash,
      newEmail: email,
      expiresAt: addHours(new Date(), EMAIL_CHANGE_HOURS),
    });
    await auditUser(tx, actor, "user.email_change_request", user.id, {
      email: { from: locked.email, to: email },
      expiresAt: { to: row.expiresAt.toISOString() },
      ...(replaced > 0 && { replacedRequests: { to: replaced } }),
    });
    mail(confirmEmailMail(email, linkBase, token, EMAIL_CHANGE_HOURS));
    return { expiresAt: row.expiresAt };
  });
}

export async function cancelEmailChange(actor: Actor, userId: string): Promise<void> {
  await userCommand(userId, async (tx) => {
    const cancelled = await revokeOpenUserTokens(tx, userId, "email_change");
    if (cancelled > 0) await auditUser(tx, actor, "user.email_change_cancel", userId, { cancelledRequests: { to: cancelled } });
  });
}

const PROBLEMS = {
  used: "This link has already been used.",
  revoked: "This link was replaced by a newer request, or cancelled.",
  expired: "This link has expired. Ask for a new one on your account page.",
} as const;

/**
 * The signed-in person opens the link: their address becomes the new one. The token is locked first, so of two uses
 * of one link exactly one succeeds; whether the address is free is checked again here, and the unique index settles a
 * race with a sign-up or another change taking it meanwhile.
 */
export async function confirmEmailChange(actor: Actor, userId: string, token: string, linkBase: string): Promise<string> {
  try {
    return await userCommand(userId, async (tx, user, mail) => {
      const found = await findUserTokenByHash(hashOneTimeToken(token), "email_change", tx, { forUpdate: true });
      // Another person's link is as unknown as a made-up one: it says nothing of whose it is.
      if (!found || found.userId !== userId || !found.newEmail) throw notFound("Link");
      const problem = tokenProblem(found);
      if (problem) throw new AppError("conflict", PROBLEMS[problem]);
      const email = found.newEmail;
      if (await isEmailTaken(tx, email, userId)) throw takenNow();
      await updateUser(tx, userId, { email });
      await markUserTokenUsed(tx, found.id);
      // A reset link mailed to the old address stops working with it.
      await revokeOpenUserTokens(tx, userId, "password_reset");
      await auditUser(tx, actor, "user.email_change", userId, { email: { from: user.email, to: email } });
      mail(emailChangedMail(user.email, linkBase, email));
      return email;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw takenNow();
    throw error;
  }
}

/** For the confirmation page: the address the link moves this person to, or why it cannot. */
export async function emailChangeLink(
  userId: string,
  token: string,
): Promise<{ ok: true; email: string } | { ok: false; message: string }> {
  const found = await findUserTokenByHash(hashOneTimeToken(token), "email_change");
  if (!found || found.userId !== userId || !found.newEmail) {
    return {
      ok: false,
      message:
        "This link is not valid for the account you are signed in to. Sign in to the account whose address you are changing, then open the link again.",
    };
  }
  const problem = tokenProblem(found);
  return problem ? { ok: false, message: PROBLEMS[problem] } : { ok: true, email: found.newEmail };
}
