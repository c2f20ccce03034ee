import "server-only";
import { asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { getDb, type Executor, type Transaction } from "@/db";
import { scopes, type Scope } from "@/db/schema";

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

/** Adds a scope unless one of that name exists; undefined when it does (nothing is overwritten). */
export async function insertScopeIfNew(tx: Transaction, scope: { name: string; description: string; adminOnly: boolean }) {
  const [created] = await tx.insert(scopes).values(scope).onConflictDoNothing().returning();
  return created as Scope | undefined;
}

export async function lockScope(tx: Transaction, name: string): Promise<Scope | undefined> {
  const [scope] = await tx.select().from(scopes).where(eq(scopes.name, name)).for("update");
  return scope;
}

export async function setScopeDeprecation(tx: Transaction, name: string, deprecated: boolean): Promise<Scope> {
  const [after] = await tx
    .update(scopes)
    .set({ deprecatedAt: deprecated ? sql`now()` : null })
    .where(eq(scopes.name, name))
    .returning();
  return after;
}
