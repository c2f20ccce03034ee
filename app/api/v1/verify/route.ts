import { verifyKeyRequestSchema } from "@/lib/validations/api-key";
import { apiRoute } from "@/lib/api/gate/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { API_OPERATIONS } from "@/lib/api/operations";
import { jsonResponse } from "@/lib/http/envelope";
import { verifyOutcome } from "@/lib/api/verify-outcome";

// Any well-formed request is answered 200: the outcome is data for the verifying service, not a failure of its call.
export const POST = apiRoute(
  async ({ request }) => {
    const { key, scopes, ip } = await parseJsonBody(request, verifyKeyRequestSchema);
    return jsonResponse(await verifyOutcome(key, scopes, ip));
  },
  { scopes: API_OPERATIONS.verifyKey.scopes },
);
