import "server-only";
import { getDb } from "@/db";
import { insertScopeIfNew, lockScope, setScopeDeprecation } from "@/db/queries/scopes";
import type { Scope } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit } from "@/lib/audit/record";
import { requireAdminRole } from "@/lib/auth/admin";
import { AppError, notFound } from "@/lib/errors";

interface ScopeChange {
  actor: Actor;
}

/** Adds a scope to the catalogue; a name already there is refused rather than overwritten. */
export async function addScope(
  { actor }: ScopeChange,
  scope: { name: string; description: string; adminOnly: boolean },
): Promise<Scope> {
  requireAdminRole(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const created = await insertScopeIfNew(tx, scope);
    if (!created) {
      throw new AppError("validation_failed", "Check the highlighted fields.", {
        name: ["This scope is already in the catalogue."],
      });
    }
    const changes = {
      name: { to: created.name },
      description: { to: created.description },
      adminOnly: { to: created.adminOnly },
    };
    await recordAudit(tx, auditEntry(actor, "scope.create", {}, changes));
    return created;
  });
}

/**
 * Deprecating keeps the scope on the keys that hold it (they show it as deprecated) and stops new grants of it;
 * un-deprecating makes it grantable again.
 */
export async function setScopeDeprecated({ actor }: ScopeChange, name: string, deprecated: boolean): Promise<Scope> {
  requireAdminRole(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockScope(tx, name);
    if (!before) throw notFound("Scope");
    if ((before.deprecatedAt !== null) === deprecated) return before;
    const after = await setScopeDeprecation(tx, name, deprecated);
    const changes = {
      scope: { to: name },
      deprecatedAt: { from: before.deprecatedAt?.toISOString() ?? null, to: after.deprecatedAt?.toISOString() ?? null },
    };
    await recordAudit(tx, auditEntry(actor, deprecated ? "scope.deprecate" : "scope.undeprecate", {}, changes));
    return after;
  });
}
