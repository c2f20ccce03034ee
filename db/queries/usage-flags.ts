import "server-only";
import { and, eq, gte, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { usageRollups } from "@/db/schema";
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
