import "server-only";
import type { Executor } from "@/db";
import { findMemberRole } from "@/db/queries/accounts";
import type { Actor } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";

/**
 * A member's role is read with their session, when the request begins; a change may commit after an admin removed
 * them or changed their role. Read again here, as the change runs (member commands call it with the account locked,
 * so every change to the account's people is decided on roles as they are), a removed member is refused and one whose
 * role changed is asked to reload rather than act with the old one. Platform admins and keys have no membership.
 */
export async function assertActingMemberCurrent(actor: Actor, accountId: string, executor?: Executor): Promise<void> {
  if (!actor.member || !actor.userId || actor.member.accountId !== accountId) return;
  const role = await findMemberRole(accountId, actor.userId, executor);
  if (!role) throw new AppError("forbidden", "You are no longer a member of this account.");
  if (role !== actor.member.role) throw new AppError("conflict", `Your role in this account is now ${role}: reload the page.`);
}
