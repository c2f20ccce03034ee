import "server-only";
import type { Executor } from "@/db";
import { findScopes } from "@/db/queries/scopes";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/audit/actor";

/**
 * A grant refused for who is asking rather than for what was asked: 403, and the attempt is audited with the reason
 * and the scopes (see lib/keys/lifecycle-steps.ts).
 */
export class ScopeGrantRefused extends AppError {
  constructor(
    readonly reason: "admin_only_scope" | "scope_not_held",
    readonly scopes: string[],
    message: string,
    fieldMessage: (scope: string) => string,
  ) {
    super("forbidden", message, { scopes: scopes.map(fieldMessage) });
    this.name = "ScopeGrantRefused";
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
    throw new ScopeGrantRefused(
      "admin_only_scope",
      adminOnly,
      "Only an admin can grant that scope.",
      (scope) => `The scope "${scope}" can only be granted by an admin.`,
    );
  }
  assertHeldByActingKey(actor, requested);
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
  throw new ScopeGrantRefused(
    "scope_not_held",
    missing,
    "A key can only grant the scopes it holds itself.",
    (scope) => `This key does not hold "${scope}".`,
  );
}
