import Link from "next/link";
import { requireAdmin } from "@/lib/http/session";
import { CLIENTS_PAGE_SIZE } from "@/db/queries/admin";
import { listClients } from "@/lib/accounts/admin-views";
import { clientSearchSchema } from "@/lib/validations/admin";
import { formatCount } from "@/lib/format";
import { SearchForm } from "@/components/ui/search-form";
import { buttonClasses } from "@/components/ui/button";
import { AccountStatusBadge, PlanBadge } from "@/components/admin/plan-badge";
import { When } from "@/components/ui/when";

export const metadata = { title: "Clients" };

export default async function ClientsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdmin();
  const { q, page } = clientSearchSchema.parse(await searchParams);
  const { clients, total } = await listClients(admin, { q, page });
  const pages = Math.max(1, Math.ceil(total / CLIENTS_PAGE_SIZE));
  const hrefFor = (p: number) => `/admin/clients?${new URLSearchParams({ ...(q && { q }), page: String(p) })}`;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Clients</h1>
        <p className="mt-1 text-sm text-zinc-600">
          Every client account (organisations and personal accounts), with its plan, members, keys and recent traffic.
        </p>
      </div>
      <SearchForm
        action="/admin/clients"
        id="client-search"
        label="Search clients"
        placeholder="Account name, or a member's email or name"
        q={q}
      />
      {clients.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-10 text-center text-sm text-zinc-600">
          {q ? `No client matches “${q}”.` : "No clients yet."}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-zinc-200">
          <table className="w-full min-w-[720px] text-left text-sm">
            <thead className="border-b border-zinc-100 text-xs text-zinc-500">
              <tr>
                <th className="px-4 py-2.5 font-medium">Client</th>
                <th className="px-4 py-2.5 font-medium">Plan</th>
                <th className="px-4 py-2.5 font-medium">Status</th>
                <th className="px-4 py-2.5 text-right font-medium">Active keys</th>
                <th className="px-4 py-2.5 text-right font-medium">Requests (30 days)</th>
                <th className="px-4 py-2.5 font-medium">Last activity</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {clients.map((client) => (
                <tr key={client.id}>
                  <td className="px-4 py-2.5">
                    <Link href={`/admin/clients/${client.id}`} className="font-medium hover:underline">
                      {client.name}
                    </Link>
                    <span className="block text-xs text-zinc-500">
                      {client.kind === "organization" ? "Organisation" : "Personal"} · {client.members} member
                      {client.members === 1 ? "" : "s"}
                      {client.email && <> · {client.email}</>}
                    </span>
                  </td>
                  <td className="px-4 py-2.5">
                    <PlanBadge plan={client.plan} />
                    {client.requestedPlan && (
                      <span className="block text-xs text-amber-700">asks for {client.requestedPlan}</span>
                    )}
                  </td>
                  <td className="px-4 py-2.5">
                    {client.closedAt ? (
                      <span className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs font-medium text-zinc-700">Deleted</span>
                    ) : (
                      <AccountStatusBadge status={client.status} />
                    )}
                  </td>
                  <td className="px-4 py-2.5 text-right tabular-nums">{formatCount(client.activeKeys)}</td>
                  <td className="px-4 py-2.5 text-right tabular-nums">{formatCount(client.requests30d)}</td>
                  <td className="px-4 py-2.5 text-zinc-600">
                    <When date={client.lastActivityAt} show="relative" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages" className="flex items-center justify-between text-sm text-zinc-600">
        <span>
          {formatCount(total)} client{total === 1 ? "" : "s"} · page {Math.min(page, pages)} of {pages}
        </span>
        <span className="flex gap-2">
          {page > 1 && (
            <Link href={hrefFor(page - 1)} className={buttonClasses("secondary", "sm")}>
              Previous
            </Link>
          )}
          {page < pages && (
            <Link href={hrefFor(page + 1)} className={buttonClasses("secondary", "sm")}>
              Next
            </Link>
          )}
        </span>
      </nav>
    </div>
  );
}
