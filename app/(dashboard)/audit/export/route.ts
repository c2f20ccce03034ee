import type { NextRequest } from "next/server";
import { currentUser } from "@/lib/http/session";
import { auditCsvResponse, exportFilename } from "@/lib/audit/export";
import { parseAuditQuery } from "@/lib/validations/audit-filters";

/** The signed-in client's own trail as CSV, with the filters of the page's query string. */
export async function GET(request: NextRequest) {
  const user = await currentUser();
  if (!user)
    return Response.json({ error: { code: "unauthenticated", message: "Sign in to export your audit log." } }, { status: 401 });
  const { filters, problems } = parseAuditQuery(request.nextUrl.searchParams);
  if (problems.length > 0) {
    return Response.json({ error: { code: "validation_failed", message: problems.join(" ") } }, { status: 400 });
  }
  return auditCsvResponse({ scope: { ownerId: user.id }, filters, filename: exportFilename("latchkey-audit") });
}
