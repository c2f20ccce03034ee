import { z } from "zod";
import { findKeyForAccount } from "@/db/queries/keys";
import { exportUsageEvents } from "@/db/queries/usage-export";
import { csvResponse } from "@/lib/http/csv";
import { errorResponse } from "@/lib/http/envelope";
import { sessionRoute } from "@/lib/http/session-route";
import { usageRangeSchema } from "@/lib/usage/range";

const exportQuerySchema = z.object({
  days: usageRangeSchema,
  keyId: z.uuid().optional(),
});

// `refused`: the gate refused the call (revoked or expired key, scope, address, rate limit); not a billable request.
// `outcome`: how it ended, "ok", "failed" (accepted, answered 400 or above) or the refusal's code.
// `source`: api (Latchkey's own API), verify (the platform's call, checked with POST /verify) or gateway.
// `tags`: the verification's tags, joined by "; ". `reported`: the platform reported the status and latency.
const COLUMNS = [
  "time",
  "key_id",
  "key_name",
  "method",
  "route",
  "status",
  "latency_ms",
  "ip",
  "user_agent",
  "refused",
  "outcome",
  "source",
  "tags",
  "reported",
];

/**
 * The current account's raw requests of the last 7, 30 or 90 days as CSV, one row per request, oldest first;
 * `keyId` narrows it to one of their keys. Streamed: the rows are read page by page while the download runs.
 */
export const GET = sessionRoute(async ({ request, account }) => {
  const query = exportQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!query.success) return errorResponse("validation_failed", "keyId must be a key id.");
  const { days, keyId } = query.data;
  // Another tenant's key id is simply not found.
  if (keyId && !(await findKeyForAccount({ keyId, accountId: account.id }))) return errorResponse("not_found", "No such key.");

  async function* rows() {
    for await (const e of exportUsageEvents({ accountId: account.id, keyId }, days)) {
      yield [
        e.at.toISOString(),
        e.keyId,
        e.keyName,
        e.method,
        e.route,
        e.status,
        e.latencyMs,
        e.ip ?? "",
        e.userAgent ?? "",
        e.refused ? "true" : "false",
        e.outcome,
        e.source,
        e.tags?.join("; ") ?? "",
        e.reportedAt ? "true" : "false",
      ];
    }
  }
  const date = new Date().toISOString().slice(0, 10);
  const filename = `latchkey-usage-${keyId ? `key-${keyId.slice(0, 8)}-` : ""}${days}d-${date}.csv`;
  return csvResponse({ filename, columns: COLUMNS, rows: rows() });
});
