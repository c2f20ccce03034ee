import "server-only";
import { renamePersonalAccount } from "@/db/queries/accounts";
import { endUserSessions } from "@/db/queries/user-sessions";
import { revokeOpenUserTokens } from "@/db/queries/user-tokens";
import { updateUser } from "@/db/queries/users";
import type { User } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { hashPassword, PasswordHashBusy } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import type { ChangePasswordInput } from "@/lib/validations/profile";
import { passwordChangedMail } from "./account-mail";
import { auditUser, requireCurrentPassword, requireUnchangedPassword, userCommand } from "./user-steps";

// A person's own name and password. (Email: email-change.ts; a forgotten password: password-reset.ts.)

/** The personal account, named after its person at sign-up, follows the new name unless it was given another. */
export async function changeName(actor: Actor, userId: string, name: string): Promise<void> {
  await userCommand(userId, async (tx, user) => {
    if (user.name === name) return;
    await updateUser(tx, userId, { name });
    const personal = await renamePersonalAccount(tx, userId, user.name, name);
    await auditUser(tx, actor, "user.name", userId, {
      name: { from: user.name, to: name },
      ...(personal && { personalAccountName: { from: user.name, to: name } }),
    });
  });
}

/** A new password's hash, or the busy refusal every password form shows when hashing is over its bound. */
export async function hashNewPassword(password: string): Promise<string> {
  try {
    return await hashPassword(password);
  } catch (error) {
    if (error instanceof PasswordHashBusy) throw new AppError("conflict", "The service is busy; try again in a moment.");
    throw error;
  }
}

/**
 * The current password is required; the new one follows sign-up's rules (lib/validations). Any reset link still open
 * stops working, and a mail to the account's address says the password changed. The person's other sessions are
 * the sessions command's to end, after this commits (see the README's "Accounts").
 */
export async function changePassword(
  actor: Actor,
  user: Pick<User, "id" | "passwordHash" | "email">,
  { currentPassword, newPassword }: ChangePasswordInput,
  linkBase: string,
  /** The session asking, which stays signed in: every other one ends with the old password. */
  keepSessionId: string,
): Promise<void> {
  const checked = await requireCurrentPassword(user, currentPassword, "currentPassword", actor.ip);
  const passwordHash = await hashNewPassword(newPassword);
  await userCommand(user.id, async (tx, locked, mail) => {
    requireUnchangedPassword(locked, checked);
    await updateUser(tx, user.id, { passwordHash });
    const revokedLinks = await revokeOpenUserTokens(tx, user.id, "password_reset");
    const endedSessions = await endUserSessions(tx, user.id, keepSessionId);
    // Which field changed, never a value: no hash of a password reaches the trail.
    await auditUser(tx, actor, "user.password_change", user.id, {
      password: { to: "changed" },
      ...(revokedLinks > 0 && { revokedResetLinks: { to: revokedLinks } }),
      ...(endedSessions > 0 && { endedSessions: { to: endedSessions } }),
    });
    mail(passwordChangedMail(locked.email, linkBase, "changed"));
  });
}
