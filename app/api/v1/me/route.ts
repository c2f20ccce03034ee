import { apiRoute } from "@/lib/api/gate/api-route";
import { API_OPERATIONS } from "@/lib/api/operations";
import { jsonResponse } from "@/lib/http/envelope";
import { servedDirectly } from "@/lib/http/lean-routes";
import { usageQuotaBody } from "@/lib/api/usage-quota-body";

// Also answered by the production server directly, without the framework (lib/http/lean-routes.ts).
export const GET = servedDirectly(
  "GET /api/v1/me",
  apiRoute(
    async ({ auth, quota, allowance }) => {
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
        // After this very call was counted against it.
        quota: allowance && usageQuotaBody(allowance),
      });
    },
    { scopes: API_OPERATIONS.getMe.scopes },
  ),
);
