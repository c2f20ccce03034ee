import Link from "next/link";
import type { AdminUsage } from "@/db/queries/admin-usage";
import { formatCount } from "@/lib/format";

/** Requests per day as bars, the error rate, and the busiest clients and keys. */
export function UsageSummary({ usage, days, showClients = true }: { usage: AdminUsage; days: number; showClients?: boolean }) {
  const max = Math.max(1, ...usage.daily.map((d) => d.successes + d.errors));
  const errorRate = usage.requests === 0 ? null : usage.errors / usage.requests;
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
        <Stat label={`Requests, ${days} days`} value={formatCount(usage.requests)} />
        <Stat label="Errors" value={formatCount(usage.errors)} />
        <Stat label="Error rate" value={errorRate === null ? "—" : `${(errorRate * 100).toFixed(1)}%`} />
      </dl>
      <section aria-label="Requests per day">
        <h3 className="text-sm font-medium text-zinc-800">Requests per day</h3>
        {usage.daily.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-500">No requests in this period.</p>
        ) : (
          <ol className="mt-3 flex h-32 items-end gap-1">
            {usage.daily.map((d) => (
              <li
                key={d.date}
                className="flex flex-1 flex-col justify-end"
                style={{ height: "100%" }}
                title={`${d.date}: ${d.successes} ok, ${d.errors} errors`}
              >
                <span className="sr-only">{`${d.date}: ${d.successes} successes, ${d.errors} errors`}</span>
                <span className="block bg-red-400" style={{ height: `${(d.errors / max) * 100}%` }} aria-hidden />
                <span className="block rounded-t-sm bg-zinc-800" style={{ height: `${(d.successes / max) * 100}%` }} aria-hidden />
              </li>
            ))}
          </ol>
        )}
      </section>
      <div className={`grid gap-6 ${showClients ? "md:grid-cols-2" : ""}`}>
        {showClients && (
          <TopList
            title="Top clients"
            rows={usage.topClients.map((c) => ({ id: c.ownerId, label: c.email, href: `/admin/clients/${c.ownerId}`, requests: c.requests }))}
          />
        )}
        <TopList
          title="Top keys"
          rows={usage.topKeys.map((k) => ({ id: k.keyId, label: k.name, href: `/admin/clients/${k.ownerId}/keys/${k.keyId}`, requests: k.requests }))}
        />
      </div>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg bg-zinc-50 px-4 py-3">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

function TopList({ title, rows }: { title: string; rows: { id: string; label: string; href: string; requests: number }[] }) {
  return (
    <section aria-label={title}>
      <h3 className="text-sm font-medium text-zinc-800">{title}</h3>
      {rows.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-500">None yet.</p>
      ) : (
        <ol className="mt-2 divide-y divide-zinc-100 text-sm">
          {rows.map((row) => (
            <li key={row.id} className="flex items-center justify-between gap-3 py-1.5">
              <Link href={row.href} className="min-w-0 truncate hover:underline">
                {row.label}
              </Link>
              <span className="tabular-nums text-zinc-600">{formatCount(row.requests)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
