import type { NextRequest } from "next/server";
import { currentUser } from "@/lib/http/session";
import { auditMissingRole } from "@/lib/http/server-action";
import { auditCsvResponse, exportFilename } from "@/lib/audit/export";
import { parseAuditQuery } from "@/lib/validations/audit-filters";

/** Every client's trail as CSV: admins only; a client's attempt is refused and recorded. */
export async function GET(request: NextRequest) {
  const user = await currentUser();
  if (!user)
    return Response.json({ error: { code: "unauthenticated", message: "Sign in to export the audit log." } }, { status: 401 });
  if (user.role !== "admin") {
    await auditMissingRole(user, "audit.export");
    return Response.json(
      { error: { code: "forbidden", message: "Only admins can export every client's audit log." } },
      { status: 403 },
    );
  }
  const { filters, problems } = parseAuditQuery(request.nextUrl.searchParams, { allowOwner: true });
  if (problems.length > 0) {
    return Response.json({ error: { code: "validation_failed", message: problems.join(" ") } }, { status: 400 });
  }
  return auditCsvResponse({ scope: "everyone", filters, filename: exportFilename("latchkey-audit-all") });
}
