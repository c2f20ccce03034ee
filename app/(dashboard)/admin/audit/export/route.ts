import { auditExport, exportFilename } from "@/lib/audit/export";
import { csvResponse } from "@/lib/http/csv";
import { errorResponse } from "@/lib/http/envelope";
import { sessionRoute } from "@/lib/http/session-route";
import { parseAuditQuery } from "@/lib/validations/audit-filters";

/** Every client's trail as CSV: admins only; a client's attempt is refused and recorded. */
export const GET = sessionRoute(
  async ({ request }) => {
    const { filters, problems } = parseAuditQuery(request.nextUrl.searchParams, { allowAccount: true });
    if (problems.length > 0) return errorResponse("validation_failed", problems.join(" "));
    return csvResponse({ filename: exportFilename("latchkey-audit-all"), ...auditExport({ scope: "everyone", filters }) });
  },
  { role: "admin", audit: "audit.export" },
);
