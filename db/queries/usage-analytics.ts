import "server-only";
import { and, desc, eq, gte, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { resultRows } from "@/db/rows";
import { LATENCY_BUCKETS_MS, usageAccountRollups, usageEvents, usageRollups, type UsageSource } from "@/db/schema";
import { percentileFromHistogram } from "@/db/usage-histogram";
import { outcomesWhere, type RollupTable, sumRequests, topRoutesWhere, type OutcomeCount } from "./usage";
import { rangeDays } from "@/db/utc-days";

export type UsageRange = 7 | 30 | 90;

export interface UsageOverview {
  /** Every day of the range, zero-filled, oldest first. */
  daily: { date: string; successes: number; errors: number; refused: number }[];
  totals: {
    /** Calls the gate accepted; refusals are counted apart and are never requests. */
    requests: number;
    errors: number;
    refused: number;
    successRate: number | null;
    p50Ms: number | null;
    p95Ms: number | null;
    rateLimited: number;
  };
  /** Top 10; a route is "METHOD /path" as the rollups keep it. */
  topRoutes: { route: string; source: UsageSource; requests: number; errors: number; refused: number }[];
  /** Every outcome, refusals included, each marked. */
  statusCodes: { status: number; refused: boolean; requests: number }[];
  /** How the calls ended, by outcome code ("ok", "failed", "invalid_key", "rate_limited", …), most frequent first. */
  outcomes: OutcomeCount[];
}

const TOP = 10;
// The histogram's positions (1-based, as SQL arrays count): one per bucket bound, and one for slower calls.
const HISTOGRAM_POSITIONS = Array.from({ length: LATENCY_BUCKETS_MS.length + 1 }, (_, i) => i + 1);

/**
 * Platform-wide when scope is {}, one account's keys with {accountId}, one key with {accountId, keyId} (always
 * account-scoped, so another tenant's key id reads as no usage at all). A key's usage is read from its rollups; an
 * account's and the platform's from the account rollups, whose rows are those summed over the keys: the same figures
 * from a row per day and kind of call however many keys there are. The rankings of keys and accounts are apart
 * (usage-rankings.ts), for the pages that show them.
 */
export async function usageOverview(
  scope: { accountId?: string; keyId?: string },
  days: UsageRange,
  now = new Date(),
): Promise<UsageOverview> {
  const dates = rangeDays(days, now);
  if (scope.keyId && !scope.accountId) throw new Error("usageOverview: a key's usage is always read under its account");
  const t: RollupTable = scope.keyId ? usageRollups : usageAccountRollups;
  const conditions: SQL[] = [gte(t.day, dates[0])];
  if (scope.accountId) conditions.push(eq(t.accountId, scope.accountId));
  if (scope.keyId) conditions.push(eq(usageRollups.keyId, scope.keyId));
  const where = and(...conditions);
  const db = await getDb();

  const [byDay, routes, statuses, outcomes, histogram] = await Promise.all([
    db
      .select({
        date: t.day,
        successes: sumRequests(sql`not ${t.refused} and ${t.status} < 400`, t),
        errors: sumRequests(sql`not ${t.refused} and ${t.status} >= 400`, t),
        refused: sumRequests(sql`${t.refused}`, t),
      })
      .from(t)
      .where(where)
      .groupBy(t.day),
    topRoutesWhere(where, TOP, t),
    db
      .select({ status: t.status, refused: t.refused, requests: sql<number>`coalesce(sum(${t.requests}), 0)`.mapWith(Number) })
      .from(t)
      .where(where)
      .groupBy(t.status, t.refused)
      .orderBy(t.status, t.refused),
    outcomesWhere(where, t),
    // Element-wise sum of the histograms, one sum per position in a single pass: unnesting every array with its
    // positions and grouping by position cost 13 rows per rollup row (185 ms for the platform's 90 days).
    db.execute<Record<string, string | number>>(sql`
      select ${sql.join(
        HISTOGRAM_POSITIONS.map(
          (i) => sql`coalesce(sum(${t.latencyBuckets}[${sql.raw(String(i))}]), 0)::bigint as ${sql.identifier(`b${i}`)}`,
        ),
        sql`, `,
      )}
      from ${t} where ${where} and not ${t.refused}`),
  ]);

  const counted = new Map(byDay.map((row) => [row.date, row]));
  const daily = dates.map((date) => ({
    date,
    successes: counted.get(date)?.successes ?? 0,
    errors: counted.get(date)?.errors ?? 0,
    refused: counted.get(date)?.refused ?? 0,
  }));
  const requests = daily.reduce((sum, d) => sum + d.successes + d.errors, 0);
  const errors = daily.reduce((sum, d) => sum + d.errors, 0);
  const refused = daily.reduce((sum, d) => sum + d.refused, 0);
  const [sums] = resultRows<Record<string, string | number>>(histogram);
  const buckets = HISTOGRAM_POSITIONS.map((i) => Number(sums?.[`b${i}`] ?? 0));
  return {
    daily,
    totals: {
      requests,
      errors,
      refused,
      successRate: requests === 0 ? null : (requests - errors) / requests,
      p50Ms: percentileFromHistogram(buckets, 0.5),
      p95Ms: percentileFromHistogram(buckets, 0.95),
      rateLimited: statuses.find((s) => s.status === 429 && s.refused)?.requests ?? 0,
    },
    topRoutes: routes,
    statusCodes: statuses,
    outcomes,
  };
}

export interface LastRequest {
  id: number;
  at: Date;
  method: string;
  route: string;
  status: number;
  /** Refused by the gate: shown, never counted as a request. */
  refused: boolean;
  /** How it ended: "ok", "failed", or the refusal's code. */
  outcome: string;
  latencyMs: number;
  ip: string | null;
  source: UsageSource;
  /** Labels the platform attached to a verification. */
  tags: string[] | null;
  /** Set when the platform reported the call's real status and latency. */
  reportedAt: Date | null;
}

/** One page of a key's raw events, newest first (served by the usage_events (key_id, at) index). */
export async function lastRequests({
  accountId,
  keyId,
  page,
  pageSize,
}: {
  accountId: string;
  keyId: string;
  page: number;
  pageSize: number;
}): Promise<{ rows: LastRequest[]; hasMore: boolean }> {
  const db = await getDb();
  const rows = await db
    .select({
      id: usageEvents.id,
      at: usageEvents.at,
      method: usageEvents.method,
      route: usageEvents.route,
      status: usageEvents.status,
      refused: usageEvents.refused,
      outcome: usageEvents.outcome,
      latencyMs: usageEvents.latencyMs,
      ip: usageEvents.ip,
      source: usageEvents.source,
      tags: usageEvents.tags,
      reportedAt: usageEvents.reportedAt,
    })
    .from(usageEvents)
    .where(and(eq(usageEvents.keyId, keyId), eq(usageEvents.accountId, accountId)))
    .orderBy(desc(usageEvents.at), desc(usageEvents.id))
    // One more than a page tells whether there is a next one without counting every row.
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}
