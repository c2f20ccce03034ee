import "server-only";
import { and, eq, gte, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { usageRollups } from "@/db/schema";
import { SCOPE_LOOKBACK_DAYS } from "@/lib/usage/key-flags";
import { rangeDays } from "@/lib/usage/range";

/** Per key of one owner: the distinct routes ("METHOD /path") it called in the scope lookback, from the rollups. */
export async function routesCalledByKeys(ownerId: string, keyIds: string[], now = new Date()): Promise<Map<string, string[]>> {
  const called = new Map<string, string[]>(keyIds.map((id) => [id, []]));
  if (keyIds.length === 0) return called;
  const db = await getDb();
  const rows = await db
    .selectDistinct({ keyId: usageRollups.keyId, route: usageRollups.route })
    .from(usageRollups)
    .where(
      and(
        eq(usageRollups.ownerId, ownerId),
        inArray(usageRollups.keyId, keyIds),
        gte(usageRollups.day, rangeDays(SCOPE_LOOKBACK_DAYS, now)[0]),
      ),
    );
  for (const { keyId, route } of rows) called.get(keyId)?.push(route);
  return called;
}
