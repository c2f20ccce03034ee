import "server-only";
import type { Executor } from "@/db";
import { findScopes } from "@/db/queries/scopes";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/audit/actor";

/**
 * Refuses scopes that do not exist, are deprecated (for new grants), or are admin-only when the actor is not
 * an admin. `alreadyGranted` lets an edit keep a scope the key had before it was deprecated.
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
    const kept = alreadyGranted.includes(name);
    if (!scope || (scope.adminOnly && actor.role !== "admin" && !kept) || (scope.deprecatedAt && !kept)) {
      throw new AppError("validation_failed", "Check the highlighted fields.", {
        scopes: [`The scope "${name}" cannot be granted.`],
      });
    }
  }
}
