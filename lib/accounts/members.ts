import "server-only";
import { getDb } from "@/db";
import {
  countOwnedOrganizations,
  deleteMembership,
  insertAccount,
  insertMembership,
  lockAccount,
  lockMembership,
  lockOwners,
  setMembershipRole,
} from "@/db/queries/accounts";
import type { Account, MemberRole } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { AppError, notFound } from "@/lib/errors";
import { auditMember, memberCommand, requireOwner } from "./member-steps";

// The commands on an account's people: make an organisation, change a member's role, remove a member, leave, hand the
// account to another owner. Invitations are in ./invitations.ts, service accounts in ./service-accounts.ts.

/** How many organisations one person may own at once: enough for real teams, not a way to multiply free plans. */
export const MAX_OWNED_ORGANIZATIONS = 10;

/**
 * Any signed-in person may start an organisation; they are its first owner. It starts on the basic plan, or on none
 * when the person's own account has no API access or is suspended: an admin's decision about a client is not undone by
 * starting another account (an owner asks for a plan, and an admin grants it).
 */
export async function createOrganization(actor: Actor, name: string): Promise<Account> {
  const userId = actor.userId;
  if (!userId || actor.keyId) throw new AppError("forbidden", "Only a signed-in person can create an organisation.");
  const db = await getDb();
  return db.transaction(async (tx) => {
    // The person's own account row, locked: two creations at once count each other.
    const personal = await lockAccount(tx, userId);
    if ((await countOwnedOrganizations(tx, userId)) >= MAX_OWNED_ORGANIZATIONS) {
      throw new AppError(
        "conflict",
        `You own ${MAX_OWNED_ORGANIZATIONS} organisations already: delete one, or ask an admin of the platform.`,
      );
    }
    const cutOff = !personal || personal.plan === "none" || personal.status !== "active";
    const account = await insertAccount(tx, { name, kind: "organization", plan: cutOff ? "none" : "basic" });
    await insertMembership(tx, account.id, userId, "owner");
    await auditMember(tx, actor, "account.create", account.id, { name: { to: name }, kind: { to: "organization" } });
    return account;
  });
}

const LAST_OWNER = "An account needs an owner: make another member owner first.";

/**
 * Admins manage developers, viewers and other admins; only an owner may make someone owner or take it away, and the
 * last owner keeps it.
 */
export async function changeMemberRole(actor: Actor, accountId: string, userId: string, role: MemberRole): Promise<void> {
  await memberCommand({ actor, action: "member.role", accountId, permission: "members.manage" }, async (tx) => {
    const owners = await lockOwners(tx, accountId);
    const member = await lockMembership(tx, accountId, userId);
    if (!member) throw notFound("Member");
    if (member.role === role) return;
    if (member.role === "owner" || role === "owner") requireOwner(actor, "Only an owner can make or unmake owners.");
    if (member.role === "owner" && owners.length <= 1) throw new AppError("conflict", LAST_OWNER);
    await setMembershipRole(tx, accountId, userId, role);
    await auditMember(tx, actor, "member.role", accountId, { userId: { to: userId }, role: { from: member.role, to: role } });
  });
}

/** Takes effect on the member's next request: sessions read memberships on every request (lib/http/session.ts). */
export async function removeMember(actor: Actor, accountId: string, userId: string): Promise<void> {
  await memberCommand({ actor, action: "member.remove", accountId, permission: "members.manage" }, async (tx) => {
    const owners = await lockOwners(tx, accountId);
    const member = await lockMembership(tx, accountId, userId);
    if (!member) throw notFound("Member");
    if (member.role === "owner") {
      requireOwner(actor, "Only an owner can remove an owner.");
      if (owners.length <= 1) throw new AppError("conflict", LAST_OWNER);
    }
    await deleteMembership(tx, accountId, userId);
    await auditMember(tx, actor, "member.remove", accountId, { userId: { to: userId }, role: { from: member.role } });
  });
}

/** Anyone may leave an organisation, but its last owner; nobody leaves their personal account. */
export async function leaveAccount(actor: Actor, accountId: string): Promise<void> {
  const userId = actor.userId;
  // "keys.read" is what every role has: any member may leave.
  await memberCommand({ actor, action: "member.leave", accountId, permission: "keys.read" }, async (tx, account) => {
    if (account.kind === "personal") throw new AppError("conflict", "You cannot leave your personal account.");
    const owners = await lockOwners(tx, accountId);
    const member = userId ? await lockMembership(tx, accountId, userId) : undefined;
    if (!userId || !member) throw notFound("Membership");
    if (member.role === "owner" && owners.length <= 1) throw new AppError("conflict", LAST_OWNER);
    await deleteMembership(tx, accountId, userId);
    await auditMember(tx, actor, "member.leave", accountId, { userId: { to: userId }, role: { from: member.role } });
  });
}

/** The owner hands the account to another member, who becomes owner; the former owner stays on as admin. */
export async function transferOwnership(actor: Actor, accountId: string, toUserId: string): Promise<void> {
  await memberCommand({ actor, action: "account.transfer", accountId, permission: "account.billing" }, async (tx, account) => {
    if (account.kind === "personal") throw new AppError("conflict", "A personal account stays with its person.");
    const fromUserId = actor.userId;
    if (!fromUserId || actor.member?.accountId !== accountId) {
      throw new AppError("forbidden", "Only an owner of the account can hand it over.");
    }
    if (toUserId === fromUserId) throw new AppError("validation_failed", "Choose another member.");
    // The owners' rows are locked in the order every owner-changing command locks them, before the target's.
    await lockOwners(tx, accountId);
    const target = await lockMembership(tx, accountId, toUserId);
    if (!target) throw notFound("Member");
    await setMembershipRole(tx, accountId, toUserId, "owner");
    await setMembershipRole(tx, accountId, fromUserId, "admin");
    await auditMember(tx, actor, "account.transfer", accountId, {
      owner: { from: fromUserId, to: toUserId },
      targetRole: { from: target.role, to: "owner" },
    });
  });
}
