import { verifyKeyRequestSchema } from "@/lib/validations/api-key";
import { apiRoute } from "@/lib/api/gate/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { API_OPERATIONS } from "@/lib/api/operations";
import { jsonResponse } from "@/lib/http/envelope";
import { servedDirectly } from "@/lib/http/lean-routes";
import { verifyOutcome } from "@/lib/api/verify-outcome";
import { recordVerification } from "@/lib/api/verify-usage";

// Any well-formed request is answered 200: the outcome is data for the verifying service, not a failure of its call.
// The call the key was presented for is recorded as the verified key's usage. Also answered by the production server
// directly, without the framework (lib/http/lean-routes.ts).
export const POST = servedDirectly(
  "POST /api/v1/verify",
  apiRoute(
    async ({ request }) => {
      const started = performance.now();
      const { key, scopes, ip, method, path, tags } = await parseJsonBody(request, verifyKeyRequestSchema);
      const result = await verifyOutcome(key, scopes, ip);
      const eventId = recordVerification(result, { scopes, method, path, ip, tags }, performance.now() - started);
      return jsonResponse({ ...result, eventId });
    },
    { scopes: API_OPERATIONS.verifyKey.scopes },
  ),
);
