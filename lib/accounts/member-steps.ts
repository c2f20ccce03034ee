import "server-only";
import { getDb, type Transaction } from "@/db";
import { lockAccount } from "@/db/queries/accounts";
import type { Account, AuditChanges, MemberRole } from "@/db/schema";
import { type Permission, requirePermission } from "@/lib/accounts/roles";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit, recordDenied } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/errors";
import { changingKeys } from "@/lib/keys/change-notifications";
import { assertActingMemberCurrent } from "./acting-member";

// What the commands on an account's people share: the permission they check, the account lock they take (so that
// changes to one account's members take turns, and the last-owner rule cannot be beaten by two changes at once), and
// how they and their refusals are audited.

export type MemberAction =
  | "account.create"
  | "account.transfer"
  | "account.plan_request"
  | "account.plan_request.withdraw"
  | "account.close"
  | "member.invite"
  | "member.invite.revoke"
  | "member.join"
  | "member.role"
  | "member.remove"
  | "member.leave"
  | "service_account.create"
  | "service_account.retire";

export function auditMember(tx: Transaction, actor: Actor, action: MemberAction, accountId: string, changes?: AuditChanges) {
  return recordAudit(tx, auditEntry(actor, action, { accountId }, changes ?? null));
}

interface MemberCommand {
  actor: Actor;
  action: MemberAction;
  accountId: string;
  permission: Permission;
  /** Set when the command changes keys too: every instance then drops the account's keys from its cache. */
  changesKeys?: boolean;
}

/**
 * Runs a command on an account's people in one transaction, with the account locked. A refusal for who is asking (a
 * role that does not allow it, an id of another account) is audited as `<action>.denied`, outside the rolled-back
 * transaction; a refusal by the account's rules (the last owner) is not an attempt worth a row, only a message.
 */
export async function memberCommand<T>(
  { actor, action, accountId, permission, changesKeys }: MemberCommand,
  work: (tx: Transaction, account: Account) => Promise<T>,
): Promise<T> {
  try {
    requirePermission(actor, accountId, permission);
    const run = async (tx: Transaction) => {
      const account = await lockAccount(tx, accountId);
      if (!account) throw notFound("Account");
      await assertActingMemberCurrent(actor, accountId, tx);
      return work(tx, account);
    };
    if (changesKeys) return await changingKeys({ accountId }, run);
    return await (await getDb()).transaction(run);
  } catch (error) {
    if (error instanceof AppError && (error.code === "forbidden" || error.code === "not_found")) {
      await recordDenied(await getDb(), actor, action, { accountId }, error.code);
    }
    throw error;
  }
}

/**
 * The actor's own role, for the rules that depend on it (only owners make owners). A platform admin acting on an
 * account's behalf has no membership and counts as its owner, as requirePermission lets them do anything.
 */
export function actingRole(actor: Actor): MemberRole {
  if (actor.member) return actor.member.role;
  // A key is held to its scopes, none of which is about the account's people.
  return actor.keyId ? "viewer" : "owner";
}

export function requireOwner(actor: Actor, message: string): void {
  if (actingRole(actor) !== "owner") throw new AppError("forbidden", message);
}
