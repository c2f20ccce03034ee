import "server-only";
import { asc, inArray } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { scopes, type Scope } from "@/db/schema";

export async function listScopes(): Promise<Scope[]> {
  const db = await getDb();
  return db.select().from(scopes).orderBy(asc(scopes.name));
}

export async function findScopes(names: string[], executor?: Executor): Promise<Scope[]> {
  if (names.length === 0) return [];
  const db = executor ?? (await getDb());
  return db.select().from(scopes).where(inArray(scopes.name, names));
}
