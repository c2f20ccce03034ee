import { requireSession } from "@/lib/http/session";
import { auditActionsIn, listAuditEvents } from "@/db/queries/audit-list";
import { AUDIT_PAGE_SIZE, parseAuditQuery } from "@/lib/validations/audit-filters";
import { Card } from "@/components/ui/card";
import { AuditFiltersForm } from "@/components/audit/audit-filters";
import { AuditList } from "@/components/audit/audit-list";
import { AuditPagination } from "@/components/audit/audit-pagination";

export const metadata = { title: "Audit log" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { account } = await requireSession();
  const { filters, page, problems } = parseAuditQuery(await searchParams);
  // The current account's trail: the account is part of every query below.
  const scope = { accountId: account.id };
  const [{ rows, hasMore }, actions] = await Promise.all([
    listAuditEvents({ scope, filters, page, pageSize: AUDIT_PAGE_SIZE }),
    auditActionsIn(scope),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="mt-1 text-sm text-zinc-600">
          Every change to the keys and members of {account.name}, from the dashboard or the API, and every refused attempt. Times
          are UTC.
        </p>
      </div>
      <Card>
        <AuditFiltersForm path="/audit" exportPath="/audit/export" filters={filters} actions={actions} problems={problems} />
      </Card>
      <Card>
        <AuditList rows={rows} linkKeys />
        <AuditPagination path="/audit" filters={filters} page={page} hasMore={hasMore} />
      </Card>
    </div>
  );
}
