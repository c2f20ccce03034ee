import "server-only";
import { eachAuditEvent, type AuditListRow, type AuditScope } from "@/db/queries/audit-list";
import type { AuditFilters } from "@/lib/validations/audit-filters";

const COLUMNS = [
  ["id", (r: AuditListRow) => r.id],
  ["time_utc", (r: AuditListRow) => r.at.toISOString()],
  ["action", (r: AuditListRow) => r.action],
  ["account_id", (r: AuditListRow) => r.accountId],
  ["account_name", (r: AuditListRow) => r.accountName],
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

// Columns that tell the accounts apart: in one account's own export every row is that account's.
const ACROSS_ACCOUNTS = new Set(["account_name", "owner_email"]);

/** The trail as CSV columns and rows, read a page at a time while they are written (lib/http/csv.ts streams them). */
export function auditExport({ scope, filters }: { scope: AuditScope; filters: AuditFilters }) {
  const columns = scope === "everyone" ? COLUMNS : COLUMNS.filter(([name]) => !ACROSS_ACCOUNTS.has(name));
  async function* rows() {
    for await (const row of eachAuditEvent({ scope, filters })) yield columns.map(([, read]) => read(row) ?? "");
  }
  return { columns: columns.map(([name]) => name), rows: rows() };
}

export function exportFilename(prefix: string, now = new Date()): string {
  return `${prefix}-${now.toISOString().slice(0, 19).replace(/[:T]/g, "-")}Z.csv`;
}
