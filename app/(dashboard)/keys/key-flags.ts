import "server-only";
import type { KeyWithScopes } from "@/db/queries/keys";
import { acceptedCallsByKeys, scopesUsedByKeys } from "@/db/queries/usage-flags";
import { ROUTE_SCOPES } from "@/lib/api/route-scopes";
import { env } from "@/lib/infra/env";
import { type KeyFlags, keyFlags, SCOPE_LOOKBACK_DAYS } from "@/lib/usage/key-flags";

/**
 * What the key pages flag about an owner's keys: reads the routes each key called, how often, and the scopes its calls
 * were recorded as needing in the lookback once, then judges any of them (as they are now, or as locked by a change):
 * a scope is used when a called route of the API needs it or a recorded call (a verified one of the platform) did.
 */
export async function keyFlagsFor(
  accountId: string,
  keyIds: string[],
  now = new Date(),
): Promise<(key: KeyWithScopes) => KeyFlags> {
  const [called, used] = await Promise.all([
    acceptedCallsByKeys(accountId, keyIds, SCOPE_LOOKBACK_DAYS, now),
    scopesUsedByKeys(accountId, keyIds, SCOPE_LOOKBACK_DAYS, now),
  ]);
  const { SCOPE_FLAG_MIN_AGE_DAYS: minAgeDays, SCOPE_FLAG_MIN_CALLS: minCalls } = env();
  return (key) => {
    const traffic = called.get(key.id);
    return keyFlags(
      key,
      { calledRoutes: traffic?.routes ?? [], acceptedCalls: traffic?.calls ?? 0, usedScopes: used.get(key.id) ?? [] },
      ROUTE_SCOPES,
      { now, judgement: { minAgeDays, minCalls } },
    );
  };
}
