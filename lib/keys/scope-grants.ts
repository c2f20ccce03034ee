import "server-only";
import type { Executor } from "@/db";
import { findScopes } from "@/db/queries/scopes";
import { AppError } from "@/lib/errors";
import type { AuditChanges } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import type { MemberRole } from "@/db/schema";
import { grantableBy } from "@/lib/accounts/roles";

/**
 * A grant refused for who is asking rather than for what was asked: 403, and the attempt is audited with the reason
 * and what was asked (see lib/keys/lifecycle-steps.ts).
 */
export class GrantRefused extends AppError {
  constructor(
    readonly reason: "admin_only_scope" | "scope_not_held" | "outlives_acting_key" | "beyond_member_role",
    message: string,
    fieldErrors: Record<string, string[]>,
    readonly auditDetails: AuditChanges,
  ) {
    super("forbidden", message, fieldErrors);
    this.name = "GrantRefused";
  }
}

/**
 * Refuses scopes that do not exist or are deprecated (for new grants): bad input, 400. Refuses admin-only scopes when
 * the actor is not an admin, and scopes an acting key does not hold: not the actor's to grant, 403.
 * `alreadyGranted` lets an edit keep a scope the key had before it was deprecated or made admin-only.
 */
export async function assertGrantableScopes(
  executor: Executor,
  actor: Actor,
  requested: string[],
  alreadyGranted: string[] = [],
): Promise<void> {
  const found = new Map((await findScopes(requested, executor)).map((scope) => [scope.name, scope]));
  for (const name of requested) {
    const scope = found.get(name);
    if (!scope || (scope.deprecatedAt && !alreadyGranted.includes(name))) {
      throw new AppError("validation_failed", "Check the highlighted fields.", {
        scopes: [`The scope "${name}" cannot be granted.`],
      });
    }
  }
  const adminOnly = requested.filter((name) => found.get(name)?.adminOnly && !alreadyGranted.includes(name));
  if (adminOnly.length > 0 && actor.role !== "admin") {
    throw new GrantRefused(
      "admin_only_scope",
      "Only an admin can grant that scope.",
      { scopes: adminOnly.map((scope) => `The scope "${scope}" can only be granted by an admin.`) },
      { scopes: { to: adminOnly } },
    );
  }
  assertHeldByActingKey(actor, requested);
  assertWithinMemberRole(
    actor,
    requested.filter((name) => !alreadyGranted.includes(name)),
  );
}

/**
 * A member may only put on a key the scopes their role may grant (lib/accounts/roles.ts): on create and change (the
 * scopes newly granted) and on roll (every scope of the key, since a roll hands its new secret to the member). When a
 * key is held by a service account, that account's role bounds it too.
 */
export function assertWithinMemberRole(actor: Actor, scopes: readonly string[], holderRole?: MemberRole): void {
  for (const [role, who] of [
    [actor.member?.role, "Your role"],
    [holderRole, "The service account's role"],
  ] as const) {
    if (!role) continue;
    const beyond = [...new Set(scopes)].filter((scope) => !grantableBy(role, scope)).sort();
    if (beyond.length === 0) continue;
    throw new GrantRefused(
      "beyond_member_role",
      `${who} (${role}) cannot grant ${beyond.map((scope) => `"${scope}"`).join(", ")}.`,
      { scopes: beyond.map((scope) => `${who} (${role}) cannot grant "${scope}".`) },
      { scopes: { to: beyond }, role: { to: role } },
    );
  }
}

/**
 * A key acting through the API may only give a key scopes it holds itself: on create and change (the scopes the key
 * ends up with, kept ones included) and on roll (the rolled key's scopes, since a roll hands over its new secret).
 */
export function assertHeldByActingKey(actor: Actor, scopes: readonly string[]): void {
  if (!actor.heldScopes) return;
  const held = new Set(actor.heldScopes);
  const missing = [...new Set(scopes)].filter((scope) => !held.has(scope)).sort();
  if (missing.length === 0) return;
  throw new GrantRefused(
    "scope_not_held",
    "A key can only grant the scopes it holds itself.",
    { scopes: missing.map((scope) => `This key does not hold "${scope}".`) },
    { scopes: { to: missing } },
  );
}

/**
 * Nor may it make, change or roll a key that outlives itself: a key that expires tomorrow must not leave behind one
 * that never does. `expiresAt` is when the key would expire once made or changed (null: never). The acting key's end
 * is the earlier of its expiry and the end of the secret it was called with (lib/api/api-actor.ts).
 */
export function assertNotOutlivingActingKey(actor: Actor, expiresAt: Date | null): void {
  const until = actor.heldUntil;
  if (!until || (expiresAt && expiresAt <= until)) return;
  throw new GrantRefused(
    "outlives_acting_key",
    "A key can only make or change keys that expire no later than itself.",
    { expiresAt: [`Choose an expiry no later than this key's own (${until.toISOString()}).`] },
    { expiresAt: { to: expiresAt?.toISOString() ?? null }, actingKeyExpiresAt: { to: until.toISOString() } },
  );
}
