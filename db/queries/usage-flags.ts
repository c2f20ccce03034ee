import "server-only";
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKeys, keyScopeUses, usageRollups } from "@/db/schema";
import { rangeDays } from "@/db/utc-days";

/**
 * Per key of one owner: the distinct routes ("METHOD /path") of its accepted calls in the last `days` days and how many
 * such calls it made, from the rollups.
 */
export async function acceptedCallsByKeys(
  accountId: string,
  keyIds: string[],
  days: number,
  now = new Date(),
): Promise<Map<string, { routes: string[]; calls: number }>> {
  const grouped = new Map(keyIds.map((id) => [id, { routes: [] as string[], calls: 0 }]));
  if (keyIds.length === 0) return grouped;
  const db = await getDb();
  const rows = await db
    .select({
      keyId: usageRollups.keyId,
      route: usageRollups.route,
      calls: sql<number>`sum(${usageRollups.requests})`.mapWith(Number),
    })
    .from(usageRollups)
    .where(
      and(
        eq(usageRollups.accountId, accountId),
        inArray(usageRollups.keyId, keyIds),
        gte(usageRollups.day, rangeDays(days, now)[0]),
        eq(usageRollups.refused, false),
      ),
    )
    .groupBy(usageRollups.keyId, usageRollups.route);
  for (const { keyId, route, calls } of rows) {
    const entry = grouped.get(keyId);
    if (!entry) continue;
    entry.routes.push(route);
    entry.calls += calls;
  }
  return grouped;
}

/** Per key of one owner: the scopes its accepted calls needed in the last `days` days (key_scope_uses). */
export async function scopesUsedByKeys(
  accountId: string,
  keyIds: string[],
  days: number,
  now = new Date(),
): Promise<Map<string, string[]>> {
  if (keyIds.length === 0) return byKey(keyIds, []);
  const since = new Date(`${rangeDays(days, now)[0]}T00:00:00Z`);
  const db = await getDb();
  const rows = await db
    .select({ keyId: keyScopeUses.keyId, scope: keyScopeUses.scope })
    .from(keyScopeUses)
    .innerJoin(apiKeys, eq(apiKeys.id, keyScopeUses.keyId))
    .where(and(eq(apiKeys.accountId, accountId), inArray(keyScopeUses.keyId, keyIds), gte(keyScopeUses.lastUsedAt, since)));
  return byKey(
    keyIds,
    rows.map(({ keyId, scope }) => [keyId, scope]),
  );
}

/** The values grouped by key, every asked-for key present (with none when it has none). */
function byKey(keyIds: string[], pairs: [keyId: string, value: string][]): Map<string, string[]> {
  const grouped = new Map<string, string[]>(keyIds.map((id) => [id, []]));
  for (const [keyId, value] of pairs) grouped.get(keyId)?.push(value);
  return grouped;
}
