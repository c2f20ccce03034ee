import "server-only";
import { getDb } from "@/db";
import { insertMail } from "@/db/queries/mail";
import { countOwners, deleteMembership, listMembershipsOfUser, lockAccount, lockOwners } from "@/db/queries/accounts";
import { findClientAccount } from "@/db/queries/admin";
import { countActiveKeys } from "@/db/queries/plans";
import { revokeOpenUserTokens } from "@/db/queries/user-tokens";
import { endUserSessions } from "@/db/queries/user-sessions";
import { forgetTwoFactor } from "@/db/queries/two-factor";
import { countOtherAdmins, findUserById, lockUser, updateUser } from "@/db/queries/users";
import type { Account } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit } from "@/lib/audit/record";
import { requireAdminRole } from "@/lib/auth/admin";
import { AppError, notFound } from "@/lib/errors";
import { sendMailSoon } from "@/lib/events/mail-sender";
import { changingKeysOfAccounts } from "@/lib/keys/change-notifications";
import type { DeletionPreview } from "@/lib/plans/consequences";
import type { DeleteAccountInput } from "@/lib/validations/profile";
import { closeAccountWithin } from "./account-closing";
import { accountDeletedMail } from "./account-mail";
import { auditUser, requireCurrentPassword, requireUnchangedPassword } from "./user-steps";

// Deleting a person: by themselves (/account) or by an admin (a personal client's page). Every account they own alone
// is closed (closeAccountWithin: keys revoked at once on every instance, webhooks off, members removed); elsewhere they
// only leave. The row is not deleted but anonymised: the audit trail names its id (plain values, no foreign keys, and
// the rows are hash-chained, so none is rewritten), so it stays with a tombstone email (the address may sign up
// again), a scrubbed name and an empty password hash that no password matches.

export const DELETED_NAME = "Deleted user";

/** Unique, never deliverable (.invalid is reserved), and not an address anyone can sign up with. */
export function tombstoneEmail(userId: string): string {
  return `deleted-${userId}@deleted.invalid`;
}

/** What deleting the person would do, for the confirmation that names it. */
export async function deletionPreview(userId: string): Promise<DeletionPreview> {
  const preview: DeletionPreview = { closing: [], leaving: [] };
  for (const { account, role } of await listMembershipsOfUser(userId)) {
    if (account.closedAt) continue;
    if (role === "owner" && (await countOwners(account.id)) === 1) {
      preview.closing.push({
        name: account.name,
        kind: account.kind,
        activeKeys: await countActiveKeys(await getDb(), account.id),
      });
    } else {
      preview.leaving.push({ name: account.name });
    }
  }
  return preview;
}

/** The person deletes themselves: they type their email (or their name) and give their password. */
export async function deleteOwnAccount(
  actor: Actor,
  userId: string,
  { confirmation, password }: DeleteAccountInput,
): Promise<void> {
  const user = await findUserById(userId);
  if (!user || user.deletedAt) throw notFound("Account");
  const typed = confirmation.trim().toLowerCase();
  if (typed !== user.email.toLowerCase() && typed !== user.name.trim().toLowerCase()) {
    throw new AppError("validation_failed", "Check the highlighted fields.", {
      confirmation: [`Type your email address, ${user.email}, to confirm.`],
    });
  }
  const checked = await requireCurrentPassword(user, password, "password", actor.ip);
  await deleteUser(actor, userId, { by: "self", checkedHash: checked });
}

/**
 * An admin deletes a client: a personal account deletes its person, as if they had deleted themselves; an
 * organisation is closed, as its owner would close it. Either way the admin types the client's name to confirm, and
 * every row names the admin as the actor. A platform admin's own account is not a client and is not found.
 */
export async function deleteClient(actor: Actor, clientId: string, confirmation: string): Promise<Account["kind"]> {
  requireAdminRole(actor);
  const client = await findClientAccount(clientId);
  if (!client || client.closedAt) throw notFound("Client");
  if (confirmation.trim() !== client.name) {
    throw new AppError("validation_failed", "Check the highlighted fields.", {
      confirmation: [`Type the client's name, ${client.name}, to confirm.`],
    });
  }
  if (client.kind === "personal") {
    await deleteUser(actor, client.id, { by: "admin" });
    return client.kind;
  }
  await changingKeysOfAccounts(async (tx, changed) => {
    const locked = await lockAccount(tx, clientId);
    if (!locked || locked.closedAt) throw notFound("Client");
    await closeAccountWithin(tx, actor, locked, { by: { to: "admin" } });
    changed(clientId);
  });
  return client.kind;
}

async function deleteUser(actor: Actor, userId: string, { by, checkedHash }: { by: "self" | "admin"; checkedHash?: string }) {
  await changingKeysOfAccounts(async (tx, changed) => {
    const user = await lockUser(tx, userId);
    if (!user || user.deletedAt) throw notFound("Account");
    if (checkedHash !== undefined) requireUnchangedPassword(user, checkedHash);
    if (user.role === "admin" && (await countOtherAdmins(userId, tx, { forUpdate: true })) === 0) {
      throw new AppError(
        "conflict",
        "You are the platform's last admin: make another person an admin before deleting this account.",
      );
    }
    const closed: string[] = [];
    const left: string[] = [];
    // In the order of their ids, as every command that locks several accounts should, so two never wait on each other.
    const memberships = (await listMembershipsOfUser(userId, tx)).sort((a, b) => a.account.id.localeCompare(b.account.id));
    for (const { account: seen, role } of memberships) {
      const account = await lockAccount(tx, seen.id);
      if (!account) continue;
      const owners = role === "owner" ? await lockOwners(tx, account.id) : [];
      if (role === "owner" && owners.length === 1 && !account.closedAt) {
        await closeAccountWithin(tx, actor, account, { ownerDeleted: { to: userId } });
        changed(account.id);
        closed.push(account.id);
      } else {
        await deleteMembership(tx, account.id, userId);
        await recordAudit(
          tx,
          auditEntry(
            actor,
            by === "self" ? "member.leave" : "member.remove",
            { accountId: account.id },
            {
              userId: { from: userId },
              role: { from: role },
              reason: { to: "user_deleted" },
            },
          ),
        );
        left.push(account.id);
      }
    }
    await revokeOpenUserTokens(tx, userId);
    // Signed out everywhere at once, and nothing of their second factor kept (the row stays, for the audit trail).
    await endUserSessions(tx, userId, null);
    await forgetTwoFactor(tx, userId);
    await updateUser(tx, userId, { email: tombstoneEmail(userId), name: DELETED_NAME, passwordHash: "", deletedAt: new Date() });
    // Neither the address nor the name is kept here: the row says only what happened to which accounts.
    await auditUser(tx, actor, "user.delete", userId, {
      deletedAt: { to: new Date().toISOString() },
      by: { to: by },
      closedAccounts: { to: closed },
      leftAccounts: { to: left },
    });
    await insertMail(tx, [{ ...accountDeletedMail(user.email, by), userId }]);
  });
  void sendMailSoon();
}
