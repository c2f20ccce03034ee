import "server-only";
import type { KeyWithScopes } from "@/db/queries/keys";
import { routesCalledByKeys } from "@/db/queries/usage-flags";
import { ROUTE_SCOPES } from "@/lib/api/route-scopes";
import { type KeyFlags, keyFlags, SCOPE_LOOKBACK_DAYS } from "@/lib/usage/key-flags";

/**
 * What the key pages flag about an owner's keys: reads the routes each key called in the lookback once, then judges
 * any of them (as they are now, or as locked by a change) against the API's route → scope table.
 */
export async function keyFlagsFor(
  ownerId: string,
  keyIds: string[],
  now = new Date(),
): Promise<(key: KeyWithScopes) => KeyFlags> {
  const called = await routesCalledByKeys(ownerId, keyIds, SCOPE_LOOKBACK_DAYS, now);
  return (key) => keyFlags(key, called.get(key.id) ?? [], ROUTE_SCOPES, now);
}
