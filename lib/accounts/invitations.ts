import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { addDays } from "date-fns";
import { getDb } from "@/db";
import { insertMembership, isMemberByEmail, lockMembership } from "@/db/queries/accounts";
import {
  findInvitationByTokenHash,
  insertInvitation,
  type InvitationWithAccount,
  lockOpenInvitation,
  markInvitationAccepted,
  markInvitationRevoked,
  revokeOpenInvitationFor,
} from "@/db/queries/invitations";
import type { MemberRole, User } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { recordDenied } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/errors";
import type { InviteMemberInput } from "@/lib/validations/members";
import { auditMember, memberCommand, requireOwner } from "./member-steps";

// An invitation is a link with a random token. Only the token's SHA-256 is stored; the link is returned once, to the
// person who made it, and is never logged or audited.

export const INVITATION_DAYS = 7;

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface IssuedInvitation {
  invitationId: string;
  /** The path of the link to send (`/invite/<token>`): it exists only in the response to the request that made it. */
  path: string;
  expiresAt: Date;
}

/** Inviting an address that already has an open invitation replaces it: the old link stops working. */
export async function inviteMember(
  actor: Actor,
  accountId: string,
  { email, role }: InviteMemberInput,
): Promise<IssuedInvitation> {
  return memberCommand({ actor, action: "member.invite", accountId, permission: "members.manage" }, async (tx, account) => {
    if (account.kind === "personal") {
      throw new AppError("conflict", "A personal account has one member: create an organisation to invite people.");
    }
    if (role === "owner") requireOwner(actor, "Only an owner can invite an owner.");
    if (await isMemberByEmail(tx, accountId, email)) {
      throw new AppError("conflict", `${email} is already a member of ${account.name}.`, { email: ["Already a member."] });
    }
    const replaced = await revokeOpenInvitationFor(tx, accountId, email);
    // Replacing an invitation to be owner is revoking it: an owner's to do, as revokeInvitation says.
    if (replaced?.role === "owner") requireOwner(actor, "Only an owner can replace an invitation to be owner.");
    const token = randomBytes(32).toString("base64url");
    const invitation = await insertInvitation(tx, {
      accountId,
      email,
      role,
      tokenHash: hashInvitationToken(token),
      invitedBy: actor.userId,
      expiresAt: addDays(new Date(), INVITATION_DAYS),
    });
    await auditMember(tx, actor, "member.invite", accountId, {
      invitationId: { to: invitation.id },
      email: { to: email },
      role: { to: role },
      expiresAt: { to: invitation.expiresAt.toISOString() },
      ...(replaced && { replacedInvitationId: { to: replaced.id } }),
    });
    return { invitationId: invitation.id, path: `/invite/${token}`, expiresAt: invitation.expiresAt };
  });
}

export async function revokeInvitation(actor: Actor, accountId: string, invitationId: string): Promise<void> {
  await memberCommand({ actor, action: "member.invite.revoke", accountId, permission: "members.manage" }, async (tx) => {
    const invitation = await lockOpenInvitation(tx, accountId, invitationId);
    if (!invitation) throw notFound("Invitation");
    if (invitation.role === "owner") requireOwner(actor, "Only an owner can revoke an invitation to be owner.");
    await markInvitationRevoked(tx, invitationId);
    await auditMember(tx, actor, "member.invite.revoke", accountId, {
      invitationId: { to: invitationId },
      email: { to: invitation.email },
    });
  });
}

export type InvitationProblem = "expired" | "used" | "revoked" | "wrong_email";

const PROBLEMS: Record<InvitationProblem, string> = {
  expired: "This invitation has expired. Ask for a new one.",
  used: "This invitation has already been used.",
  revoked: "This invitation has been withdrawn. Ask for a new one.",
  wrong_email: "This invitation was sent to another email address. Sign in with that address to accept it.",
};

/** Why the invitation cannot be accepted by this person now, if it cannot. */
export function invitationProblem(
  { invitation }: InvitationWithAccount,
  user: Pick<User, "email">,
  now = new Date(),
): InvitationProblem | null {
  if (invitation.revokedAt) return "revoked";
  if (invitation.acceptedAt) return "used";
  if (invitation.expiresAt <= now) return "expired";
  if (invitation.email.toLowerCase() !== user.email.toLowerCase()) return "wrong_email";
  return null;
}

export function invitationProblemMessage(problem: InvitationProblem): string {
  return PROBLEMS[problem];
}

/** For the invitation page: what the link invites to, or nothing when the token names no invitation. */
export async function findInvitation(token: string): Promise<InvitationWithAccount | undefined> {
  return findInvitationByTokenHash(hashInvitationToken(token));
}

export interface AcceptedInvitation {
  accountId: string;
  accountName: string;
  role: MemberRole;
}

/**
 * The invited person joins. The invitation is locked first, so that of two accepts of one link exactly one succeeds.
 * Someone already a member keeps the role they have. A refusal changes nothing but the trail (`member.join.denied`).
 */
export async function acceptInvitation(
  actor: Actor,
  user: Pick<User, "id" | "email">,
  token: string,
): Promise<AcceptedInvitation> {
  const db = await getDb();
  const outcome = await db.transaction(async (tx) => {
    const found = await findInvitationByTokenHash(hashInvitationToken(token), tx, { forUpdate: true });
    if (!found) throw notFound("Invitation");
    const problem = invitationProblem(found, user);
    if (problem) return { ok: false as const, problem, accountId: found.invitation.accountId };
    const { invitation } = found;
    const existing = await lockMembership(tx, invitation.accountId, user.id);
    if (!existing) await insertMembership(tx, invitation.accountId, user.id, invitation.role);
    await markInvitationAccepted(tx, invitation.id, user.id);
    const role = existing?.role ?? invitation.role;
    await auditMember(tx, actor, "member.join", invitation.accountId, {
      invitationId: { to: invitation.id },
      userId: { to: user.id },
      role: { to: role },
      ...(existing && { alreadyMember: { to: true } }),
    });
    return { ok: true as const, accepted: { accountId: invitation.accountId, accountName: found.accountName, role } };
  });
  if (outcome.ok) return outcome.accepted;
  await recordDenied(db, actor, "member.join", { accountId: outcome.accountId }, outcome.problem);
  throw new AppError(outcome.problem === "wrong_email" ? "forbidden" : "conflict", PROBLEMS[outcome.problem]);
}
