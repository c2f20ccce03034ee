import { EXPIRING_SOON_MS } from "@/lib/keys/status";

const DAY_MS = 24 * 60 * 60 * 1000;
export const UNUSED_AFTER_DAYS = 30;
export const SCOPE_LOOKBACK_DAYS = 30;

/**
 * When a key's scopes are judged at all: a key younger than this, or with fewer accepted calls in the lookback, has
 * not shown yet what it is for (a new payments key that has made two calls, both reads, has not needed its write
 * scope yet either). Set by SCOPE_FLAG_MIN_AGE_DAYS and SCOPE_FLAG_MIN_CALLS.
 */
export interface ScopeJudgement {
  minAgeDays: number;
  minCalls: number;
}

export const DEFAULT_SCOPE_JUDGEMENT: ScopeJudgement = { minAgeDays: 7, minCalls: 100 };

export interface KeyFlags {
  expiringSoon: boolean;
  unused: boolean;
  /** Granted scopes no route called in the lookback needed, and those that were; null when not over-broad. */
  broadScopes: { unneeded: string[]; used: string[] } | null;
}

export interface KeyTraffic {
  /** The routes ("METHOD /path") of its accepted calls in the lookback. */
  calledRoutes: readonly string[];
  /** Its accepted calls in the lookback. */
  acceptedCalls: number;
  /** Scopes its accepted calls were recorded as needing (the platform's verified and gateway calls included). */
  usedScopes: readonly string[];
}

/**
 * The things worth a user's attention about a key: it expires within 7 days; it has not been used for 30 days (or
 * never, and is older than that); it holds scopes that none of its calls of the last 30 days needed, once it is old
 * and busy enough to tell (see ScopeJudgement).
 */
export function keyFlags(
  key: { revokedAt: Date | null; expiresAt: Date | null; lastUsedAt: Date | null; createdAt: Date; scopes: string[] },
  traffic: KeyTraffic,
  /** The scopes each route of Latchkey's API needs ("GET /api/v1/keys" → keys:read): lib/api/route-scopes.ts. */
  routeScopes: ReadonlyMap<string, readonly string[]>,
  { now = new Date(), judgement = DEFAULT_SCOPE_JUDGEMENT }: { now?: Date; judgement?: ScopeJudgement } = {},
): KeyFlags {
  if (key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return { expiringSoon: false, unused: false, broadScopes: null };
  const expiringSoon = key.expiresAt !== null && key.expiresAt.getTime() - now.getTime() <= EXPIRING_SOON_MS;
  const unusedSince = now.getTime() - UNUSED_AFTER_DAYS * DAY_MS;
  const unused = (key.lastUsedAt ?? key.createdAt).getTime() < unusedSince;
  const needed = new Set([...traffic.calledRoutes.flatMap((route) => routeScopes.get(route) ?? []), ...traffic.usedScopes]);
  const used = key.scopes.filter((s) => needed.has(s));
  const unneeded = key.scopes.filter((s) => !needed.has(s));
  // Without enough calls there is nothing to judge by (an idle key is flagged as unused instead).
  const oldEnough = now.getTime() - key.createdAt.getTime() >= judgement.minAgeDays * DAY_MS;
  const busyEnough = traffic.acceptedCalls >= Math.max(1, judgement.minCalls);
  const broadScopes = oldEnough && busyEnough && unneeded.length > 0 ? { unneeded, used } : null;
  return { expiringSoon, unused, broadScopes };
}
