import "server-only";
import { getDb, type Transaction } from "@/db";
import { insertMail } from "@/db/queries/mail";
import { lockUser } from "@/db/queries/users";
import type { AuditChanges, User } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/errors";
import { sendMailSoon } from "@/lib/events/mail-sender";
import { PasswordHashBusy, verifyPassword } from "@/lib/auth/password";
import { recordFailedSignIn, signInWait } from "@/lib/auth/sign-in-throttle";
import type { AccountMail } from "./account-mail";

// What the commands on a person's own sign-in details share: the person's row locked while they change it, the audit
// row in their personal account's trail (its id is theirs, as recordMissingRole does), and mail queued in the same
// transaction, sent as soon as it commits.

export type UserAction =
  | "user.name"
  | "user.password_change"
  | "user.password_reset_request"
  | "user.password_reset"
  | "user.email_change_request"
  | "user.email_change_cancel"
  | "user.email_change"
  | "user.delete";

export function auditUser(tx: Transaction, actor: Actor, action: UserAction, userId: string, changes?: AuditChanges) {
  return recordAudit(tx, auditEntry(actor, action, { accountId: userId }, changes ?? null));
}

/**
 * Runs `work` in a transaction with the person's row locked; a deleted person is not found. Mail queued through
 * `mail` is written in the same transaction and sent once it commits.
 */
export async function userCommand<T>(
  userId: string,
  work: (tx: Transaction, user: User, mail: (message: AccountMail) => void) => Promise<T>,
): Promise<T> {
  let queued = 0;
  const result = await (await getDb()).transaction(async (tx) => {
    const user = await lockUser(tx, userId);
    if (!user || user.deletedAt) throw notFound("Account");
    const mails: AccountMail[] = [];
    const value = await work(tx, user, (message) => mails.push(message));
    await insertMail(
      tx,
      mails.map((mail) => ({ ...mail, userId })),
    );
    queued = mails.length;
    return value;
  });
  if (queued > 0) void sendMailSoon();
  return result;
}

/**
 * Checks the person's current password before a change that matters, outside any transaction (a derivation takes
 * 128 MiB and a while). Answers the hash it matched: the command's transaction refuses to go on if it changed since.
 * A wrong one counts as a failed sign-in (lib/auth/sign-in-throttle.ts), so that a session left open is no way to
 * guess the password faster than the sign-in form allows.
 */
export async function requireCurrentPassword(
  user: Pick<User, "passwordHash" | "email">,
  password: string,
  field: string,
  ip: string | null,
): Promise<string> {
  const wait = await signInWait(user.email, ip);
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60);
    throw new AppError(
      "conflict",
      `Too many wrong passwords. Wait ${minutes} ${minutes === 1 ? "minute" : "minutes"} and try again.`,
    );
  }
  let valid: boolean;
  try {
    valid = await verifyPassword(password, user.passwordHash);
  } catch (error) {
    if (error instanceof PasswordHashBusy) throw new AppError("conflict", "The service is busy; try again in a moment.");
    throw error;
  }
  if (!valid) {
    await recordFailedSignIn(user.email, ip);
    throw new AppError("validation_failed", "Check the highlighted fields.", { [field]: ["This is not your current password."] });
  }
  return user.passwordHash;
}

/** The password the transaction found must be the one checked: two changes at once do not both pass on the old one. */
export function requireUnchangedPassword(user: User, checkedHash: string): void {
  if (user.passwordHash !== checkedHash) {
    throw new AppError("conflict", "Your password was changed meanwhile. Reload the page and try again.");
  }
}
