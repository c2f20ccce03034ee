import { requireAdmin } from "@/lib/http/session";
import { auditActionsIn, listAuditEvents } from "@/db/queries/audit-list";
import { AUDIT_PAGE_SIZE, parseAuditQuery } from "@/lib/validations/audit-filters";
import { Card } from "@/components/ui/card";
import { AuditFiltersForm } from "@/components/audit/audit-filters";
import { AuditList } from "@/components/audit/audit-list";
import { AuditPagination } from "@/components/audit/audit-pagination";

export const metadata = { title: "Audit log (all clients)" };

export default async function AdminAuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Checked here, whatever the admin layout does: this page shows every client's trail.
  await requireAdmin();
  const { filters, page, problems } = parseAuditQuery(await searchParams, { allowAccount: true });
  const [{ rows, hasMore }, actions] = await Promise.all([
    listAuditEvents({ scope: "everyone", filters, page, pageSize: AUDIT_PAGE_SIZE }),
    auditActionsIn("everyone"),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log: all clients</h1>
        <p className="mt-1 text-sm text-zinc-600">
          Every management action by every client, key and admin, refused attempts included. Times are UTC. Check the trail has
          not been altered with <code className="rounded bg-zinc-100 px-1">npm run audit:verify</code>.
        </p>
      </div>
      <Card>
        <AuditFiltersForm
          path="/admin/audit"
          exportPath="/admin/audit/export"
          filters={filters}
          actions={actions}
          withAccount
          problems={problems}
        />
      </Card>
      <Card>
        <AuditList rows={rows} linkKeys={false} showAccount />
        <AuditPagination path="/admin/audit" filters={filters} page={page} hasMore={hasMore} />
      </Card>
    </div>
  );
}
