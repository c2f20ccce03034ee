import "server-only";
import { and, eq, gte, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKeys, keyScopeUses, usageRollups } from "@/db/schema";
import { rangeDays } from "@/db/utc-days";

/** Per key of one owner: the distinct routes ("METHOD /path") it called in the last `days` days, from the rollups. */
export async function routesCalledByKeys(
  ownerId: string,
  keyIds: string[],
  days: number,
  now = new Date(),
): Promise<Map<string, string[]>> {
  const called = new Map<string, string[]>(keyIds.map((id) => [id, []]));
  if (keyIds.length === 0) return called;
  const db = await getDb();
  const rows = await db
    .selectDistinct({ keyId: usageRollups.keyId, route: usageRollups.route })
    .from(usageRollups)
    .where(
      and(eq(usageRollups.ownerId, ownerId), inArray(usageRollups.keyId, keyIds), gte(usageRollups.day, rangeDays(days, now)[0])),
    );
  for (const { keyId, route } of rows) called.get(keyId)?.push(route);
  return called;
}

/** Per key of one owner: the scopes its accepted calls needed in the last `days` days (key_scope_uses). */
export async function scopesUsedByKeys(
  ownerId: string,
  keyIds: string[],
  days: number,
  now = new Date(),
): Promise<Map<string, string[]>> {
  const used = new Map<string, string[]>(keyIds.map((id) => [id, []]));
  if (keyIds.length === 0) return used;
  const since = new Date(`${rangeDays(days, now)[0]}T00:00:00Z`);
  const db = await getDb();
  const rows = await db
    .select({ keyId: keyScopeUses.keyId, scope: keyScopeUses.scope })
    .from(keyScopeUses)
    .innerJoin(apiKeys, eq(apiKeys.id, keyScopeUses.keyId))
    .where(and(eq(apiKeys.ownerId, ownerId), inArray(keyScopeUses.keyId, keyIds), gte(keyScopeUses.lastUsedAt, since)));
  for (const { keyId, scope } of rows) used.get(keyId)?.push(scope);
  return used;
}
