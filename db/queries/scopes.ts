import "server-only";
import { asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { scopes, type Scope } from "@/db/schema";
import { insertAuditEvent } from "@/db/queries/audit";
import type { Actor } from "@/lib/audit/actor";
import { requireAdminRole } from "@/lib/auth/admin";
import { AppError, notFound } from "@/lib/errors";

export async function listScopes(): Promise<Scope[]> {
  const db = await getDb();
  return db.select().from(scopes).orderBy(asc(scopes.name));
}

/** Names of deprecated scopes, to mark them on the keys that still hold them. */
export async function listDeprecatedScopeNames(): Promise<string[]> {
  const db = await getDb();
  const rows = await db.select({ name: scopes.name }).from(scopes).where(isNotNull(scopes.deprecatedAt));
  return rows.map((row) => row.name);
}

export async function findScopes(names: string[], executor?: Executor): Promise<Scope[]> {
  if (names.length === 0) return [];
  const db = executor ?? (await getDb());
  return db.select().from(scopes).where(inArray(scopes.name, names));
}

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
    const [created] = await tx.insert(scopes).values(scope).onConflictDoNothing().returning();
    if (!created) {
      throw new AppError("validation_failed", "Check the highlighted fields.", {
        name: ["This scope is already in the catalogue."],
      });
    }
    await insertAuditEvent(tx, {
      actorUserId: actor.userId,
      actorKeyId: actor.keyId,
      action: "scope.create",
      ip: actor.ip,
      userAgent: actor.userAgent,
      changes: { name: { to: created.name }, description: { to: created.description }, adminOnly: { to: created.adminOnly } },
    });
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
    const [before] = await tx.select().from(scopes).where(eq(scopes.name, name)).for("update");
    if (!before) throw notFound("Scope");
    if ((before.deprecatedAt !== null) === deprecated) return before;
    const [after] = await tx
      .update(scopes)
      .set({ deprecatedAt: deprecated ? sql`now()` : null })
      .where(eq(scopes.name, name))
      .returning();
    await insertAuditEvent(tx, {
      actorUserId: actor.userId,
      actorKeyId: actor.keyId,
      action: deprecated ? "scope.deprecate" : "scope.undeprecate",
      ip: actor.ip,
      userAgent: actor.userAgent,
      changes: {
        scope: { to: name },
        deprecatedAt: { from: before.deprecatedAt?.toISOString() ?? null, to: after.deprecatedAt?.toISOString() ?? null },
      },
    });
    return after;
  });
}
