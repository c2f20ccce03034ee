import type { MemberRole } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";

/**
 * What a member may do in an account. Each permission names the lowest role that has it; every role has what the
 * roles below it have. Checked in the commands themselves (lib/keys, lib/accounts), so that every path to a change,
 * the dashboard and anything added later, is held to the same rule.
 */
export const PERMISSIONS = {
  // Viewers read keys, usage and the account's audit trail.
  "keys.read": "viewer",
  // Developers create, edit, roll and revoke keys, up to their own rights (grantableBy below).
  "keys.write": "developer",
  // Admins manage members, invitations and service accounts, and the account's settings.
  "members.manage": "admin",
  "account.settings": "admin",
  // Owners alone make billing-level changes, make other owners and delete the account.
  "account.billing": "owner",
  "account.delete": "owner",
} as const satisfies Record<string, MemberRole>;

export type Permission = keyof typeof PERMISSIONS;

export const MEMBER_ROLES = ["owner", "admin", "developer", "viewer"] as const satisfies readonly MemberRole[];

const RANK: Record<MemberRole, number> = { owner: 4, admin: 3, developer: 2, viewer: 1 };

export const ROLE_LABELS: Record<MemberRole, string> = {
  owner: "Owner",
  admin: "Admin",
  developer: "Developer",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<MemberRole, string> = {
  owner: "Everything, including the plan, other owners and deleting the account.",
  admin: "Manages members, service accounts and settings, and every key.",
  developer: "Creates, edits, rolls and revokes keys with the scopes a developer may grant.",
  viewer: "Reads keys, usage and the audit trail; changes nothing.",
};

export function roleAtLeast(role: MemberRole, minimum: MemberRole): boolean {
  return RANK[role] >= RANK[minimum];
}

export function can(role: MemberRole, permission: Permission): boolean {
  return roleAtLeast(role, PERMISSIONS[permission]);
}

// Scopes that change how the account itself behaves (where its events are sent) rather than reach the platform's
// API: only those who manage the account's settings may put them on a key.
const SETTINGS_SCOPES = new Set(["webhooks:manage"]);

/**
 * Whether a member of this role may put the scope on a key. Viewers hold read scopes only (they make no keys, but a
 * service account with the viewer role holds read-only keys); developers anything but settings scopes; admins and
 * owners every scope the plan allows. Platform-wide limits (admin-only scopes, the plan) apply on top.
 */
export function grantableBy(role: MemberRole, scope: string): boolean {
  if (roleAtLeast(role, "admin")) return true;
  if (role === "developer") return !SETTINGS_SCOPES.has(scope);
  return scope.endsWith(":read");
}

/**
 * Refuses (403) an actor who lacks the permission in this account. A key acting through the API has been held to its
 * scopes by the gate, on its own account only, and a platform admin acts on any account's behalf; a member is held to their role, and only in
 * their own account.
 */
export function requirePermission(actor: Actor, accountId: string, permission: Permission): void {
  if (actor.keyId) {
    if (actor.keyAccountId === accountId) return;
    throw new AppError("forbidden", "A key acts on its own account only.");
  }
  if (actor.member) {
    if (actor.member.accountId === accountId && can(actor.member.role, permission)) return;
    throw new AppError("forbidden", `Your role in this account does not allow that.`);
  }
  if (actor.role === "admin") return;
  throw new AppError("forbidden", "You are not a member of this account.");
}
