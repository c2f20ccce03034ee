import type { UsageSource } from "@/db/schema";

/** Rollup rows summed per day and kind of call (route, source, status, refusal, outcome), with their histogram. */
export interface UsageGroup {
  day: string;
  route: string;
  source: UsageSource;
  status: number;
  refused: boolean;
  outcome: string;
  requests: number;
  buckets: number[];
}

export interface UsageBreakdown {
  daily: { date: string; successes: number; errors: number; refused: number }[];
  topRoutes: { route: string; source: UsageSource; requests: number; errors: number; refused: number }[];
  statusCodes: { status: number; refused: boolean; requests: number }[];
  outcomes: { outcome: string; requests: number }[];
  /** The accepted calls' latency histogram, summed. */
  buckets: number[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every view of a usage overview from one read of grouped rollups: a day's chart, the busiest routes, the status
 * codes, the outcomes and the summed histogram, which the database would otherwise sum in a scan each. Accepted calls
 * (not refused) are requests, split into successes and errors at 400; refusals are counted apart.
 */
export function breakdownOf(groups: UsageGroup[], dates: string[], { topRoutes = 10, histogramSize = 13 } = {}): UsageBreakdown {
  const days = new Map(dates.map((date) => [date, { date, successes: 0, errors: 0, refused: 0 }]));
  const routes = new Map<string, UsageBreakdown["topRoutes"][number]>();
  const statuses = new Map<string, UsageBreakdown["statusCodes"][number]>();
  const outcomes = new Map<string, number>();
  const buckets = new Array<number>(histogramSize).fill(0);
  for (const g of groups) {
    const day = days.get(g.day);
    const route = routes.get(`${g.route}\u0000${g.source}`) ?? {
      route: g.route,
      source: g.source,
      requests: 0,
      errors: 0,
      refused: 0,
    };
    routes.set(`${g.route}\u0000${g.source}`, route);
    if (g.refused) {
      if (day) day.refused += g.requests;
      route.refused += g.requests;
    } else {
      const failed = g.status >= 400;
      if (day) day[failed ? "errors" : "successes"] += g.requests;
      route.requests += g.requests;
      if (failed) route.errors += g.requests;
      g.buckets.forEach((n, i) => {
        buckets[i] += n;
      });
    }
    const status = statuses.get(`${g.status}\u0000${g.refused}`) ?? { status: g.status, refused: g.refused, requests: 0 };
    status.requests += g.requests;
    statuses.set(`${g.status}\u0000${g.refused}`, status);
    outcomes.set(g.outcome, (outcomes.get(g.outcome) ?? 0) + g.requests);
  }
  // Rollups keep a route as "METHOD /path": ties go by path, then method, then source.
  const path = (route: string) => route.slice(route.indexOf(" ") + 1);
  const method = (route: string) => route.slice(0, route.indexOf(" "));
  return {
    daily: [...days.values()],
    topRoutes: [...routes.values()]
      .sort(
        (a, b) =>
          b.requests - a.requests ||
          b.refused - a.refused ||
          compare(path(a.route), path(b.route)) ||
          compare(method(a.route), method(b.route)) ||
          compare(a.source, b.source),
      )
      .slice(0, topRoutes),
    statusCodes: [...statuses.values()].sort((a, b) => a.status - b.status || Number(a.refused) - Number(b.refused)),
    outcomes: [...outcomes]
      .map(([outcome, requests]) => ({ outcome, requests }))
      .sort((a, b) => b.requests - a.requests || compare(a.outcome, b.outcome)),
    buckets,
  };
}
