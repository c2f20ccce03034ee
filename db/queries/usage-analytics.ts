import "server-only";
import { and, desc, eq, gte, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { resultRows } from "@/db/rows";
import { accounts, apiKeys, memberships, usageEvents, usageRollups, users, type UsageSource } from "@/db/schema";
import { percentileFromHistogram } from "@/db/usage-histogram";
import { outcomesWhere, sumRequests, topRoutesWhere, type OutcomeCount } from "./usage";
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
  topKeys: { keyId: string; name: string; accountId: string; requests: number }[];
  /** The busiest accounts, organisations and personal ones alike, with the first owner's email to reach them by. */
  topAccounts: { accountId: string; email: string | null; name: string; requests: number }[];
}

const TOP = 10;
// Accepted calls only: what a platform could bill on.
const total = sumRequests(sql`not ${usageRollups.refused}`);
const allOutcomes = sql<number>`coalesce(sum(${usageRollups.requests}), 0)`.mapWith(Number);

/**
 * Platform-wide when scope is {}, one account's keys with {accountId}, one key with {accountId, keyId} (always
 * account-scoped, so another tenant's key id reads as no usage at all). Reads only the daily rollups.
 */
export async function usageOverview(
  scope: { accountId?: string; keyId?: string },
  days: UsageRange,
  now = new Date(),
): Promise<UsageOverview> {
  const dates = rangeDays(days, now);
  const conditions: SQL[] = [gte(usageRollups.day, dates[0])];
  if (scope.accountId) conditions.push(eq(usageRollups.accountId, scope.accountId));
  if (scope.keyId) {
    // A key is only ever read under its account.
    if (!scope.accountId) throw new Error("usageOverview: a key's usage is always read under its account");
    conditions.push(eq(usageRollups.keyId, scope.keyId));
  }
  const where = and(...conditions);
  const db = await getDb();

  const [byDay, routes, statuses, outcomes, histogram, keys, owners] = await Promise.all([
    db
      .select({
        date: usageRollups.day,
        successes: sumRequests(sql`not ${usageRollups.refused} and ${usageRollups.status} < 400`),
        errors: sumRequests(sql`not ${usageRollups.refused} and ${usageRollups.status} >= 400`),
        refused: sumRequests(sql`${usageRollups.refused}`),
      })
      .from(usageRollups)
      .where(where)
      .groupBy(usageRollups.day),
    topRoutesWhere(where, TOP),
    db
      .select({ status: usageRollups.status, refused: usageRollups.refused, requests: allOutcomes })
      .from(usageRollups)
      .where(where)
      .groupBy(usageRollups.status, usageRollups.refused)
      .orderBy(usageRollups.status, usageRollups.refused),
    outcomesWhere(where),
    // Element-wise sum of the histograms: unnest each array with its position, then add up by position.
    db.execute<{ i: number; n: number }>(sql`
      select b.i::int as i, sum(b.n)::bigint as n
      from ${usageRollups}, unnest(${usageRollups.latencyBuckets}) with ordinality as b(n, i)
      where ${where} and not ${usageRollups.refused}
      group by b.i order by b.i`),
    db
      .select({ keyId: usageRollups.keyId, name: apiKeys.name, accountId: apiKeys.accountId, requests: total })
      .from(usageRollups)
      .innerJoin(apiKeys, eq(apiKeys.id, usageRollups.keyId))
      .where(and(where, eq(usageRollups.refused, false)))
      .groupBy(usageRollups.keyId, apiKeys.name, apiKeys.accountId)
      .orderBy(desc(total), apiKeys.name)
      .limit(TOP),
    db
      .select({ accountId: usageRollups.accountId, name: accounts.name, requests: total })
      .from(usageRollups)
      .innerJoin(accounts, eq(accounts.id, usageRollups.accountId))
      .where(and(where, eq(usageRollups.refused, false)))
      .groupBy(usageRollups.accountId, accounts.name)
      .orderBy(desc(total), accounts.name)
      .limit(TOP),
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
  const buckets = resultRows<{ i: number; n: number }>(histogram).map((row) => Number(row.n));
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
    topKeys: keys,
    topAccounts: await withOwnerEmails(owners),
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

export interface KeyRangeUsage {
  keyId: string;
  name: string;
  requests: number;
  errors: number;
  refused: number;
  lastUsedAt: Date | null;
}

/** Every (unhidden) key of one owner with its accepted requests, errors and refusals over the range, busiest first. */
export async function usageByKey(accountId: string, days: UsageRange, now = new Date()): Promise<KeyRangeUsage[]> {
  const since = rangeDays(days, now)[0];
  const db = await getDb();
  const sums = db
    .select({
      keyId: usageRollups.keyId,
      requests: sql<number>`coalesce(sum(${usageRollups.requests}) filter (where not ${usageRollups.refused}), 0)`.as("requests"),
      errors:
        sql<number>`coalesce(sum(${usageRollups.requests}) filter (where not ${usageRollups.refused} and ${usageRollups.status} >= 400), 0)`.as(
          "errors",
        ),
      refused: sql<number>`coalesce(sum(${usageRollups.requests}) filter (where ${usageRollups.refused}), 0)`.as("refused"),
    })
    .from(usageRollups)
    .where(and(eq(usageRollups.accountId, accountId), gte(usageRollups.day, since)))
    .groupBy(usageRollups.keyId)
    .as("sums");
  const rows = await db
    .select({
      keyId: apiKeys.id,
      name: apiKeys.name,
      requests: sql<number>`coalesce(${sums.requests}, 0)`.mapWith(Number),
      errors: sql<number>`coalesce(${sums.errors}, 0)`.mapWith(Number),
      refused: sql<number>`coalesce(${sums.refused}, 0)`.mapWith(Number),
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .leftJoin(sums, eq(sums.keyId, apiKeys.id))
    .where(and(eq(apiKeys.accountId, accountId), isNull(apiKeys.hiddenAt)))
    .orderBy(sql`coalesce(${sums.requests}, 0) desc`, apiKeys.name);
  return rows;
}

/** Each account's first owner's email, read for the ten accounts shown rather than joined into the ranking. */
async function withOwnerEmails<T extends { accountId: string }>(rows: T[]): Promise<(T & { email: string | null })[]> {
  if (rows.length === 0) return [];
  const db = await getDb();
  const owners = await db
    .selectDistinctOn([memberships.accountId], { accountId: memberships.accountId, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        inArray(
          memberships.accountId,
          rows.map((row) => row.accountId),
        ),
        eq(memberships.role, "owner"),
      ),
    )
    .orderBy(memberships.accountId, memberships.createdAt);
  const emailOf = new Map(owners.map((owner) => [owner.accountId, owner.email]));
  return rows.map((row) => ({ ...row, email: emailOf.get(row.accountId) ?? null }));
}
