import type { KeyWithScopes } from "@/db/queries/keys";
import { keyStatus } from "@/lib/keys/status";
import { usageQuotaOf } from "@/lib/keys/usage-quota-setting";
import type { ApiKeyBody } from "./response-schemas";

/**
 * A key as the API shows it. Fields are picked one by one, never spread from the row, so that nothing added to the
 * table later (a hash, an internal flag) can reach a response by accident.
 */
export function serializeKey(key: KeyWithScopes, now = new Date()): ApiKeyBody {
  return {
    id: key.id,
    name: key.name,
    description: key.description,
    environment: key.environment,
    start: key.start,
    scopes: key.scopes,
    status: keyStatus(key, now),
    rateLimit: { limit: key.rateLimit, window: key.rateLimitWindow },
    quota: usageQuotaOf(key),
    ipAllowlist: key.ipAllowlist,
    expiresAt: iso(key.expiresAt),
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: iso(key.lastUsedAt),
    requestCount: key.requestCount,
    metadata: key.metadata,
    disabledAt: iso(key.disabledAt),
    revokedAt: iso(key.revokedAt),
  };
}

function iso(date: Date | null): string | null {
  return date?.toISOString() ?? null;
}
