import "server-only";
import type { KeyWithScopes } from "@/db/queries/keys";
import { ipAllowed } from "./ip-allowlist";
import { consumeKeyQuota, peekKeyQuota, type QuotaState } from "./quota";

export type Authorization =
  | { allowed: true; quota: QuotaState }
  | { allowed: false; code: "ip_not_allowed" | "rate_limited"; quota: QuotaState }
  | { allowed: false; code: "retiring_secret"; quota: QuotaState }
  | { allowed: false; code: "insufficient_scope"; missingScope: string; quota: QuotaState };

interface AuthorizeOptions {
  ip: string | null | undefined;
  scopes: readonly string[];
  cost?: number;
  retiringSecretRefused?: boolean;
}

/**
 * The second half of the gate, for a key already known to be valid, in this order: the caller's address against the
 * key's allowlist, the scopes asked for, then the key's quota. A refusal before the quota only looks at it; a
 * request that passes uses `cost` requests of it (1 unless a gateway route says otherwise). Route handlers (the gate) and POST /verify both decide here.
 *
 * A key with an allowlist is refused when the address is not known (a verifying service that did not say where the key
 * came from): an owner who restricted a key must not lose that to a platform's omission.
 *
 * `retiringSecretRefused`: the key was presented with a secret being retired and the call is one such a secret may not
 * make (lib/api/operations.ts): refused after the scopes, so that a key lacking them is told that first, and before
 * the quota, which it does not use.
 */
export function authorizeKey(
  key: KeyWithScopes,
  options: AuthorizeOptions & { retiringSecretRefused?: false },
): Promise<Exclude<Authorization, { code: "retiring_secret" }>>;
export function authorizeKey(key: KeyWithScopes, options: AuthorizeOptions): Promise<Authorization>;
export function authorizeKey(
  key: KeyWithScopes,
  { ip, scopes, cost = 1, retiringSecretRefused = false }: AuthorizeOptions,
): Promise<Authorization> {
  if (!ipAllowed(key.ipAllowlist, ip ?? null)) {
    return peekKeyQuota(key).then((quota) => ({ allowed: false, code: "ip_not_allowed", quota }));
  }
  const missingScope = scopes.find((scope) => !key.scopes.includes(scope));
  if (missingScope !== undefined) {
    return peekKeyQuota(key).then((quota) => ({ allowed: false, code: "insufficient_scope", missingScope, quota }));
  }
  if (retiringSecretRefused) return peekKeyQuota(key).then((quota) => ({ allowed: false, code: "retiring_secret", quota }));
  // Chained rather than awaited, as consumeKeyQuota: this is every call's path.
  return consumeKeyQuota(key, cost).then((quota) =>
    quota.allowed ? { allowed: true, quota } : { allowed: false, code: "rate_limited", quota },
  );
}
