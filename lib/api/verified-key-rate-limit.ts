import "server-only";
import type { KeyForVerification } from "@/db/queries/keys";
import { consumeKeyQuota, peekKeyQuota, type QuotaState } from "@/lib/infra/rate-limiter";

/**
 * The verified key's quota for POST /verify. A successful verification is a use of the key, so it takes one request
 * from the same quota the key's own API calls use; a key refused for its scopes is only looked at.
 */
export function verifiedKeyRateLimit(record: KeyForVerification, { consume }: { consume: boolean }): Promise<QuotaState> {
  const { id, rateLimit, rateLimitWindow } = record.key;
  return consume ? consumeKeyQuota(id, rateLimit, rateLimitWindow) : peekKeyQuota(id, rateLimit, rateLimitWindow);
}
