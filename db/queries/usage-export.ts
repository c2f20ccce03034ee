import "server-only";
import { and, eq, gt, gte } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKeys, usageEvents } from "@/db/schema";
import { rangeDays } from "@/db/utc-days";
import type { LastRequest, UsageRange } from "./usage-analytics";

export interface ExportedEvent extends LastRequest {
  keyId: string;
  keyName: string;
  userAgent: string | null;
}

/**
 * An owner's raw events of the range (optionally one key's), oldest first, in pages of `batchSize` walked by id so
 * that a long export never holds more than one page in memory nor re-reads what it has sent.
 */
export async function* exportUsageEvents(
  { accountId, keyId }: { accountId: string; keyId?: string },
  days: UsageRange,
  { batchSize = 5_000, now = new Date() } = {},
): AsyncGenerator<ExportedEvent> {
  const since = new Date(`${rangeDays(days, now)[0]}T00:00:00Z`);
  const db = await getDb();
  let after = 0;
  for (;;) {
    const rows = await db
      .select({
        id: usageEvents.id,
        at: usageEvents.at,
        keyId: usageEvents.keyId,
        keyName: apiKeys.name,
        method: usageEvents.method,
        route: usageEvents.route,
        status: usageEvents.status,
        refused: usageEvents.refused,
        outcome: usageEvents.outcome,
        latencyMs: usageEvents.latencyMs,
        ip: usageEvents.ip,
        userAgent: usageEvents.userAgent,
        source: usageEvents.source,
        tags: usageEvents.tags,
        reportedAt: usageEvents.reportedAt,
      })
      .from(usageEvents)
      .innerJoin(apiKeys, eq(apiKeys.id, usageEvents.keyId))
      .where(
        and(
          eq(usageEvents.accountId, accountId),
          eq(apiKeys.accountId, accountId),
          keyId ? eq(usageEvents.keyId, keyId) : undefined,
          gte(usageEvents.at, since),
          gt(usageEvents.id, after),
        ),
      )
      .orderBy(usageEvents.id)
      .limit(batchSize);
    yield* rows;
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].id;
  }
}
