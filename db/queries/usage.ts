import "server-only";
import { and, desc, eq, gte, lte, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { type usageAccountRollups, usageRollups, type UsageSource } from "@/db/schema";
import { rangeDays } from "@/db/utc-days";

export interface DailyUsage {
  /** YYYY-MM-DD, UTC. */
  date: string;
  successes: number;
  errors: number;
  /** Calls the gate refused (revoked or expired key, scope, allowlist, rate limit): not requests, shown apart. */
  refused: number;
}

export interface RouteUsage {
  method: string;
  route: string;
  /** Where the calls were seen: Latchkey's API, the platform's own calls verified with POST /verify, the gateway. */
  source: UsageSource;
  /** Accepted calls (the count billed on), of which `errors` answered 400 or above. */
  requests: number;
  errors: number;
  /** Calls refused before they ran: not requests. */
  refused: number;
}

export interface OutcomeCount {
  /** "ok", "failed", or a refusal's code ("invalid_key", "insufficient_scope", "rate_limited", …). */
  outcome: string;
  requests: number;
}

export interface KeyUsageSummary {
  from: string;
  to: string;
  /** Every day from `from` to `to`, oldest first; days without requests are zero. */
  daily: DailyUsage[];
  /** Accepted calls: successes and errors, never refusals. */
  total: number;
  successes: number;
  errors: number;
  refused: number;
  topRoutes: RouteUsage[];
  /** Every call of the range by how it ended, refusals included, most frequent first. */
  outcomes: OutcomeCount[];
}

const TOP_ROUTES = 10;

/**
 * Where a usage read sums from: one key's rollups, or the account rollups (the same rows summed over an account's
 * keys) for an account's or the platform's usage. Both have the same columns but the key.
 */
export type RollupTable = typeof usageRollups | typeof usageAccountRollups;

/** Requests of the rollup rows matching `condition`, summed. */
export function sumRequests(condition: SQL, table: RollupTable = usageRollups) {
  return sql<number>`coalesce(sum(${table.requests}) filter (where ${condition}), 0)`.mapWith(Number);
}

/**
 * A key's requests over the last `days` days (UTC, today included), read from the daily rollups. The owner is in the
 * WHERE clause like the key, so another tenant's key id reports nothing. Of the calls the gate accepted, a status below
 * 400 counts as a success; what the gate refused is counted apart and never as a request.
 */
export async function keyUsageSummary(
  { keyId, accountId }: { keyId: string; accountId: string },
  days: number,
  now = new Date(),
): Promise<KeyUsageSummary> {
  const dates = rangeDays(days, now);
  const inRange = and(
    eq(usageRollups.keyId, keyId),
    eq(usageRollups.accountId, accountId),
    gte(usageRollups.day, dates[0]),
    lte(usageRollups.day, dates[dates.length - 1]),
  );
  const db = await getDb();
  const [byDay, routes, outcomes] = await Promise.all([
    db
      .select({
        date: usageRollups.day,
        successes: sumRequests(sql`not ${usageRollups.refused} and ${usageRollups.status} < 400`),
        errors: sumRequests(sql`not ${usageRollups.refused} and ${usageRollups.status} >= 400`),
        refused: sumRequests(sql`${usageRollups.refused}`),
      })
      .from(usageRollups)
      .where(inRange)
      .groupBy(usageRollups.day),
    topRoutesWhere(inRange, TOP_ROUTES),
    outcomesWhere(inRange),
  ]);
  const counted = new Map(byDay.map((row) => [row.date, row]));
  const daily = dates.map((date) => ({
    date,
    successes: counted.get(date)?.successes ?? 0,
    errors: counted.get(date)?.errors ?? 0,
    refused: counted.get(date)?.refused ?? 0,
  }));
  const successes = daily.reduce((sum, d) => sum + d.successes, 0);
  const errors = daily.reduce((sum, d) => sum + d.errors, 0);
  const refused = daily.reduce((sum, d) => sum + d.refused, 0);
  return {
    from: daily[0].date,
    to: daily[daily.length - 1].date,
    daily,
    total: successes + errors,
    successes,
    errors,
    refused,
    topRoutes: routes.map(({ route, ...counts }) => {
      const space = route.indexOf(" ");
      return { method: route.slice(0, space), route: route.slice(space + 1), ...counts };
    }),
    outcomes,
  };
}

/**
 * The most called routes of the rollups under `where`, each with its source, accepted calls, errors among them and
 * refusals; busiest first (accepted, then refused), ties by path, then method. Rollups keep the route as "METHOD /path".
 */
export async function topRoutesWhere(where: SQL | undefined, limit: number, t: RollupTable = usageRollups) {
  const requests = sumRequests(sql`not ${t.refused}`, t);
  const refused = sumRequests(sql`${t.refused}`, t);
  const db = await getDb();
  return db
    .select({
      route: t.route,
      source: t.source,
      requests,
      errors: sumRequests(sql`not ${t.refused} and ${t.status} >= 400`, t),
      refused,
    })
    .from(t)
    .where(where)
    .groupBy(t.route, t.source)
    .orderBy(desc(requests), desc(refused), sql`split_part(${t.route}, ' ', 2)`, sql`split_part(${t.route}, ' ', 1)`, t.source)
    .limit(limit);
}

/** Every call of the rollups under `where` by outcome, refusals included, most frequent first. */
export async function outcomesWhere(where: SQL | undefined, t: RollupTable = usageRollups): Promise<OutcomeCount[]> {
  const all = sql<number>`coalesce(sum(${t.requests}), 0)`.mapWith(Number);
  const db = await getDb();
  return db.select({ outcome: t.outcome, requests: all }).from(t).where(where).groupBy(t.outcome).orderBy(desc(all), t.outcome);
}
