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
    // One array per column rather than one parameter per value: a batch of a thousand rows is nine parameters, which
    // keeps building and sending it cheap for the process that also serves the API. Arrays travel as text[] or int[]
    // (which postgres.js knows how to send) and are cast in SQL.
    const column = <T>(pick: (event: NewUsageEvent) => T) => sql.param(events.map(pick));
    await tx.execute(sql`
      insert into ${usageEvents} (key_id, owner_id, at, method, route, status, latency_ms, ip, user_agent)
      select * from unnest(
        ${column((e) => e.keyId)}::text[]::uuid[], ${column((e) => e.ownerId)}::text[]::uuid[],
        ${column((e) => (e.at ?? new Date()).toISOString())}::text[]::timestamptz[], ${column((e) => e.method)}::text[],
        ${column((e) => e.route)}::text[], ${column((e) => e.status)}::int[]::smallint[], ${column((e) => e.latencyMs)}::int[],
        ${column((e) => e.ip ?? null)}::text[], ${column((e) => e.userAgent ?? null)}::text[])`);
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
