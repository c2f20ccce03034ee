import "server-only";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { eachAuditEvent, type AuditListRow, type AuditScope } from "@/db/queries/audit-list";
import type { AuditFilters } from "@/lib/validations/audit-filters";

const COLUMNS = [
  ["id", (r: AuditListRow) => r.id],
  ["time_utc", (r: AuditListRow) => r.at.toISOString()],
  ["action", (r: AuditListRow) => r.action],
  ["owner_id", (r: AuditListRow) => r.ownerId],
  ["owner_email", (r: AuditListRow) => r.ownerEmail],
  ["actor_user_id", (r: AuditListRow) => r.actorUserId],
  ["actor_email", (r: AuditListRow) => r.actorEmail],
  ["actor_key_id", (r: AuditListRow) => r.actorKeyId],
  ["actor_key_name", (r: AuditListRow) => r.actorKeyName],
  ["key_id", (r: AuditListRow) => r.keyId],
  ["key_name", (r: AuditListRow) => r.keyName],
  ["ip", (r: AuditListRow) => r.ip],
  ["user_agent", (r: AuditListRow) => r.userAgent],
  ["changes", (r: AuditListRow) => (r.changes ? JSON.stringify(r.changes) : "")],
  ["prev_hash", (r: AuditListRow) => r.prevHash],
  ["hash", (r: AuditListRow) => r.hash],
] as const;

/**
 * The trail as a streamed CSV download: rows are read a page at a time and written as they come, so an export of
 * a long trail never sits in memory. Names and user agents are caller-chosen text, so cells that a spreadsheet
 * would run as a formula are escaped.
 */
export function auditCsvResponse({
  scope,
  filters,
  filename,
}: {
  scope: AuditScope;
  filters: AuditFilters;
  filename: string;
}): Response {
  const columns = scope === "everyone" ? COLUMNS : COLUMNS.filter(([name]) => name !== "owner_email");
  async function* records() {
    for await (const row of eachAuditEvent({ scope, filters })) yield columns.map(([, read]) => read(row) ?? "");
  }
  const source = Readable.from(records());
  const csv = stringify({ header: true, columns: columns.map(([name]) => name), escape_formulas: true });
  source.on("error", (error) => {
    console.error("[latchkey] audit export failed", error);
    csv.destroy(error);
  });
  source.pipe(csv);
  return new Response(Readable.toWeb(csv) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export function exportFilename(prefix: string, now = new Date()): string {
  return `${prefix}-${now.toISOString().slice(0, 19).replace(/[:T]/g, "-")}Z.csv`;
}
