import "server-only";
import { ensureUsagePartitions } from "@/db/queries/usage-partitions";
import { writeUsageBatch, type UsageEventToWrite } from "@/db/queries/usage-writes";
import type { UsageSource } from "@/db/schema";

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 1_000;
/** Days of traffic the demo keys come with (today included). */
export const DEMO_HISTORY_DAYS = 30;

interface Traffic {
  keyId: string;
  /** Requests on an ordinary weekday; weekends see a third of it. */
  perDay: number;
  routes: {
    method: string;
    route: string;
    weight: number;
    errorRate: number;
    /** A platform call verified with POST /verify for these scopes (else a call of Latchkey's own API). */
    source?: UsageSource;
    scopes?: string[];
    tags?: string[];
  }[];
}

// A small deterministic generator: the demo looks the same on every first start.
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * About 30 days of plausible requests for the demo keys, written through the same batched writer as real traffic
 * (events, rollups and the keys' counters), so that a first look at the dashboard shows living charts.
 */
export async function seedDemoUsage(traffic: Traffic[], accountId: string, now = new Date()): Promise<number> {
  const next = random(42);
  const events: UsageEventToWrite[] = [];
  for (const t of traffic) {
    const totalWeight = t.routes.reduce((sum, r) => sum + r.weight, 0);
    for (let daysAgo = DEMO_HISTORY_DAYS - 1; daysAgo >= 0; daysAgo--) {
      const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - daysAgo * DAY_MS;
      const weekday = new Date(dayStart).getUTCDay();
      const trend = 0.7 + 0.3 * ((DEMO_HISTORY_DAYS - 1 - daysAgo) / (DEMO_HISTORY_DAYS - 1));
      const base = t.perDay * trend * (weekday === 0 || weekday === 6 ? 0.35 : 1);
      const count = Math.round(base * (0.8 + 0.4 * next()));
      // Today only up to now.
      const span = daysAgo === 0 ? Math.max(1, now.getTime() - dayStart) : DAY_MS;
      for (let i = 0; i < count; i++) {
        let pick = next() * totalWeight;
        const route = t.routes.find((r) => (pick -= r.weight) <= 0) ?? t.routes[0];
        const roll = next();
        const status =
          roll < route.errorRate * 0.5
            ? 429
            : roll < route.errorRate * 0.8
              ? 401
              : roll < route.errorRate
                ? 500
                : route.method === "POST"
                  ? 201
                  : 200;
        // Mostly quick, with a long tail.
        const latencyMs = Math.round(2 + 18 * next() ** 3 + (next() < 0.04 ? 150 + 600 * next() : 0));
        events.push({
          keyId: t.keyId,
          accountId,
          at: new Date(dayStart + Math.floor(next() * span)),
          method: route.method,
          route: route.route,
          status,
          latencyMs,
          ip: `203.0.113.${10 + Math.floor(next() * 20)}`,
          userAgent: "demo-client/1.0",
          // As the API gate records them: a refusal (a refused key, the rate limit) is an event, not a request.
          refused: status === 401 || status === 429,
          counted: status !== 401 && status !== 429,
          outcome: status === 401 ? "revoked" : status === 429 ? "rate_limited" : status >= 400 ? "failed" : "ok",
          source: route.source ?? "api",
          tags: route.tags,
          neededScopes: status !== 401 && status !== 429 ? route.scopes : undefined,
        });
      }
    }
  }
  events.sort((a, b) => a.at!.getTime() - b.at!.getTime());
  // The past month's events go into day partitions of their own, as live traffic does: in the default partition they
  // would be read by every new day's partition as it is attached.
  if (events.length > 0) {
    const first = events[0].at!;
    await ensureUsagePartitions({ now: first, daysAhead: Math.ceil((Date.now() - first.getTime()) / 86_400_000) });
  }
  for (let i = 0; i < events.length; i += BATCH) {
    const batch = events.slice(i, i + BATCH);
    await writeUsageBatch(batch);
  }
  return events.length;
}
