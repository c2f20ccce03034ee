import "server-only";
import { and, count, desc, eq, gte, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { usageEvents } from "@/db/schema";

export interface DailyUsage {
  /** YYYY-MM-DD, UTC. */
  date: string;
  successes: number;
  errors: number;
}

export interface RouteUsage {
  method: string;
  route: string;
  requests: number;
}

export interface KeyUsageSummary {
  from: string;
  to: string;
  /** Every day from `from` to `to`, oldest first; days without requests are zero. */
  daily: DailyUsage[];
  total: number;
  successes: number;
  errors: number;
  topRoutes: RouteUsage[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const TOP_ROUTES = 10;

/**
 * A key's requests over the last `days` days (UTC, today included). The owner is in the WHERE clause like the key,
 * so another tenant's key id reports nothing. Status below 400 counts as a success.
 */
export async function keyUsageSummary(
  { keyId, ownerId }: { keyId: string; ownerId: string },
  days: number,
  now = new Date(),
): Promise<KeyUsageSummary> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * DAY_MS);
  const until = new Date(today + DAY_MS);
  const inRange = and(
    eq(usageEvents.keyId, keyId),
    eq(usageEvents.ownerId, ownerId),
    gte(usageEvents.at, since),
    lt(usageEvents.at, until),
  );
  const day = sql<string>`to_char(${usageEvents.at} at time zone 'UTC', 'YYYY-MM-DD')`;
  const db = await getDb();
  const [byDay, routes] = await Promise.all([
    db
      .select({
        date: day,
        successes: sql<number>`count(*) filter (where ${usageEvents.status} < 400)`.mapWith(Number),
        errors: sql<number>`count(*) filter (where ${usageEvents.status} >= 400)`.mapWith(Number),
      })
      .from(usageEvents)
      .where(inRange)
      .groupBy(day),
    db
      .select({ method: usageEvents.method, route: usageEvents.route, requests: count().mapWith(Number) })
      .from(usageEvents)
      .where(inRange)
      .groupBy(usageEvents.method, usageEvents.route)
      .orderBy(desc(count()), usageEvents.route, usageEvents.method)
      .limit(TOP_ROUTES),
  ]);

  const counted = new Map(byDay.map((row) => [row.date, row]));
  const daily = Array.from({ length: days }, (_, i) => {
    const date = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    const row = counted.get(date);
    return { date, successes: row?.successes ?? 0, errors: row?.errors ?? 0 };
  });
  const successes = daily.reduce((sum, d) => sum + d.successes, 0);
  const errors = daily.reduce((sum, d) => sum + d.errors, 0);
  return {
    from: daily[0].date,
    to: daily[daily.length - 1].date,
    daily,
    total: successes + errors,
    successes,
    errors,
    topRoutes: routes,
  };
}
