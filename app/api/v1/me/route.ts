import { apiRoute } from "@/lib/api/gate/api-route";
import { API_OPERATIONS } from "@/lib/api/operations";
import { jsonResponse } from "@/lib/http/envelope";

export const GET = apiRoute(
  async ({ auth, quota }) => {
    const { key, accountName } = auth;
    return jsonResponse({
      id: key.id,
      name: key.name,
      environment: key.environment,
      account: { id: key.accountId, name: accountName },
      // Before accounts this named the key's owner; its id is the account's. Kept for one release.
      owner: { id: key.accountId },
      scopes: key.scopes,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      rateLimit: { limit: key.rateLimit, window: key.rateLimitWindow, remaining: quota.remaining, reset: quota.resetSeconds },
    });
  },
  { scopes: API_OPERATIONS.getMe.scopes },
);
