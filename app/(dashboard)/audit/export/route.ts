import { auditExport, exportFilename } from "@/lib/audit/export";
import { csvResponse } from "@/lib/http/csv";
import { errorResponse } from "@/lib/http/envelope";
import { sessionRoute } from "@/lib/http/session-route";
import { parseAuditQuery } from "@/lib/validations/audit-filters";

/** The current account's trail as CSV, with the filters of the page's query string. */
export const GET = sessionRoute(async ({ request, account }) => {
  const { filters, problems } = parseAuditQuery(request.nextUrl.searchParams);
  if (problems.length > 0) return errorResponse("validation_failed", problems.join(" "));
  return csvResponse({
    filename: exportFilename("latchkey-audit"),
    ...auditExport({ scope: { accountId: account.id }, filters }),
  });
});
