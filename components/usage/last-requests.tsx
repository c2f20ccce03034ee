import Link from "next/link";
import type { LastRequest } from "@/db/queries/usage-analytics";
import { outcomeLabel, SOURCE_LABELS } from "@/lib/usage/outcomes";
import { When } from "@/components/ui/when";

const th = "px-2 py-1.5 text-left text-xs font-medium text-zinc-500";
const cell = "px-2 py-1.5 text-sm";
const td = `${cell} whitespace-nowrap`;

/** A page of a key's latest requests, with previous/next links built by the caller. */
export function LastRequests({
  rows,
  page,
  hasMore,
  pageHref,
}: {
  rows: LastRequest[];
  page: number;
  hasMore: boolean;
  pageHref: (page: number) => string;
}) {
  if (rows.length === 0 && page === 1) return <p className="text-sm text-zinc-500">No requests yet.</p>;
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto">
        <table className="min-w-full">
          <thead>
            <tr>
              <th scope="col" className={th}>
                Time
              </th>
              <th scope="col" className={th}>
                Status
              </th>
              <th scope="col" className={th}>
                Call
              </th>
              <th scope="col" className={`${th} text-right`}>
                Latency
              </th>
              <th scope="col" className={th}>
                IP
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {rows.map((r) => (
              <tr key={r.id}>
                {/* Wraps on a phone, so that the status comes into view without scrolling sideways. */}
                <td className={`${cell} min-w-28 text-zinc-600 sm:whitespace-nowrap`}>
                  <When date={r.at} show="datetime" />
                </td>
                <td className={`${td} font-mono text-xs ${r.status >= 400 ? "text-red-700" : "text-emerald-700"}`}>
                  {r.status}
                  {r.outcome !== "ok" && r.outcome !== "failed" && (
                    <span className="ml-1 font-sans text-zinc-500">{outcomeLabel(r.outcome)}</span>
                  )}
                </td>
                <td className={`${cell} min-w-48 font-mono text-xs`}>
                  <span className="break-all">
                    {r.method} {r.route}
                  </span>
                  {r.source !== "api" && (
                    <span className="ml-2 inline-block rounded bg-zinc-100 px-1.5 font-sans text-zinc-600">
                      {SOURCE_LABELS[r.source]}
                      {r.reportedAt && ", reported"}
                    </span>
                  )}
                  {r.tags && r.tags.length > 0 && (
                    <ul aria-label="Tags" className="mt-0.5 flex flex-wrap gap-1 font-sans">
                      {r.tags.map((tag) => (
                        <li key={tag} className="rounded bg-sky-50 px-1.5 text-sky-800 ring-1 ring-sky-200">
                          {tag}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className={`${td} text-right tabular-nums`}>{r.latencyMs} ms</td>
                <td className={`${td} font-mono text-xs text-zinc-600`}>{r.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Last requests pages" className="flex items-center justify-between text-sm">
        {page > 1 ? (
          <Link href={pageHref(page - 1)} className="text-zinc-700 hover:underline">
            ← Newer
          </Link>
        ) : (
          <span />
        )}
        <span className="text-zinc-500">Page {page}</span>
        {hasMore ? (
          <Link href={pageHref(page + 1)} className="text-zinc-700 hover:underline">
            Older →
          </Link>
        ) : (
          <span />
        )}
      </nav>
    </div>
  );
}
