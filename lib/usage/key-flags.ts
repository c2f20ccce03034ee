import { EXPIRING_SOON_MS } from "@/lib/keys/status";

const DAY_MS = 24 * 60 * 60 * 1000;
export const UNUSED_AFTER_DAYS = 30;
export const SCOPE_LOOKBACK_DAYS = 30;

export interface KeyFlags {
  expiringSoon: boolean;
  unused: boolean;
  /** Granted scopes no route called in the lookback needed, and those that were; null when not over-broad. */
  broadScopes: { unneeded: string[]; used: string[] } | null;
}

/**
 * The things worth a user's attention about a key: it expires within 7 days; it has not been used for 30 days (or
 * never, and is older than that); it holds scopes that none of its calls of the last 30 days needed.
 */
export function keyFlags(
  key: { revokedAt: Date | null; expiresAt: Date | null; lastUsedAt: Date | null; createdAt: Date; scopes: string[] },
  calledRoutes: readonly string[],
  /** The scopes each called route needs ("GET /api/v1/keys" → keys:read): lib/api/route-scopes.ts. */
  routeScopes: ReadonlyMap<string, readonly string[]>,
  now = new Date(),
  /** Scopes its accepted calls were recorded as needing (the platform's verified calls included). */
  usedScopes: readonly string[] = [],
): KeyFlags {
  if (key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return { expiringSoon: false, unused: false, broadScopes: null };
  const expiringSoon = key.expiresAt !== null && key.expiresAt.getTime() - now.getTime() <= EXPIRING_SOON_MS;
  const unusedSince = now.getTime() - UNUSED_AFTER_DAYS * DAY_MS;
  const unused = (key.lastUsedAt ?? key.createdAt).getTime() < unusedSince;
  const needed = new Set([...calledRoutes.flatMap((route) => routeScopes.get(route) ?? []), ...usedScopes]);
  const used = key.scopes.filter((s) => needed.has(s));
  const unneeded = key.scopes.filter((s) => !needed.has(s));
  // Without calls there is nothing to judge by: an idle key is flagged as unused instead.
  const broadScopes = calledRoutes.length > 0 && unneeded.length > 0 ? { unneeded, used } : null;
  return { expiringSoon, unused, broadScopes };
}
