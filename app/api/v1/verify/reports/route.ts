import { callReportsRequestSchema } from "@/lib/validations/api-key";
import { apiRoute } from "@/lib/api/gate/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { API_OPERATIONS } from "@/lib/api/operations";
import { jsonResponse } from "@/lib/http/envelope";
import { reportVerifiedCalls } from "@/lib/usage/reports";

const REPORTS_BODY_BYTES = 128 * 1024;

// The platform tells how the calls it verified ended; each answer says whether its report was applied, is waiting for
// its event, or was a repeat. A bad report refuses the whole batch (400, naming it), so nothing is half-applied.
export const POST = apiRoute(
  async ({ request }) => {
    // A full batch of 1,000 reports is about 80 KB of JSON.
    const { reports } = await parseJsonBody(request, callReportsRequestSchema, { maxBytes: REPORTS_BODY_BYTES });
    const results = await reportVerifiedCalls(reports);
    return jsonResponse({ results });
  },
  { scopes: API_OPERATIONS.reportCalls.scopes },
);
