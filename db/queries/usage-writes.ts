import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKeys, usageEvents, type NewUsageEvent } from "@/db/schema";

export interface KeyUsageTotals {
  keyId: string;
  requests: number;
  lastUsedAt: Date;
}

/**
 * Writes a batch of usage events and the keys' counters in one transaction: either the whole batch counts or none
 * of it does, so a retry after a failure never counts anything twice.
 */
export async function writeUsageBatch(events: NewUsageEvent[], totals: KeyUsageTotals[]): Promise<void> {
  if (events.length === 0) return;
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.insert(usageEvents).values(events);
    if (totals.length === 0) return;
    const rows = sql.join(
      totals.map((t) => sql`(${t.keyId}::uuid, ${t.requests}::bigint, ${t.lastUsedAt.toISOString()}::timestamptz)`),
      sql`, `,
    );
    await tx.execute(sql`
      update ${apiKeys} set
        request_count = ${apiKeys.requestCount} + totals.requests,
        last_used_at = greatest(${apiKeys.lastUsedAt}, totals.last_used_at)
      from (values ${rows}) as totals(key_id, requests, last_used_at)
      where ${apiKeys.id} = totals.key_id`);
  });
}
