import Link from "next/link";
import type { UsageOverview, UsageRange } from "@/db/queries/usage-analytics";
import { USAGE_RANGES } from "@/lib/usage/range";
import { DailyChart } from "./daily-chart";
import { OutcomeBreakdown } from "./outcome-breakdown";
import { TopRoutes } from "./top-routes";

function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function formatRate(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(1)}%`;
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg bg-zinc-50 px-3 py-2">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

/** The range links: 7, 30 and 90 days, the current one marked. */
export function RangeSwitch({ days, rangeHrefs }: { days: UsageRange; rangeHrefs: Record<UsageRange, string> }) {
  return (
    <nav aria-label="Time range" className="inline-flex rounded-lg ring-1 ring-zinc-200">
      {USAGE_RANGES.map((range) => (
        <Link
          key={range}
          href={rangeHrefs[range]}
          aria-current={range === days ? "page" : undefined}
          className={`px-3 py-1 text-sm first:rounded-l-lg last:rounded-r-lg ${
            range === days ? "bg-zinc-900 text-white" : "text-zinc-700 hover:bg-zinc-100"
          }`}
        >
          {range} days
        </Link>
      ))}
    </nav>
  );
}

/** Usage at a glance: requests per day, success rate, latency percentiles, rate-limit hits, routes and statuses. */
export function UsagePanel({
  overview,
  days,
  rangeHrefs,
}: {
  overview: UsageOverview;
  days: UsageRange;
  rangeHrefs?: Record<UsageRange, string>;
}) {
  const { totals } = overview;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-zinc-600">Last {days} days (UTC)</p>
        {rangeHrefs && <RangeSwitch days={days} rangeHrefs={rangeHrefs} />}
      </div>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
        <Stat label="Requests" value={totals.requests.toLocaleString("en-US")} />
        <Stat label="Success rate" value={formatRate(totals.successRate)} />
        <Stat label="p50 latency" value={formatMs(totals.p50Ms)} />
        <Stat label="p95 latency" value={formatMs(totals.p95Ms)} />
        <Stat label="Refused" value={totals.refused.toLocaleString("en-US")} />
        <Stat label="Rate-limit hits" value={totals.rateLimited.toLocaleString("en-US")} />
      </dl>
      <DailyChart daily={overview.daily} />
      <div>
        <h3 className="mb-1 text-sm font-medium">Top routes</h3>
        <TopRoutes routes={overview.topRoutes} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <h3 className="mb-1 text-sm font-medium">Outcomes</h3>
          <OutcomeBreakdown outcomes={overview.outcomes} />
        </div>
        <div>
          <h3 className="mb-1 text-sm font-medium">Status codes</h3>
          {overview.statusCodes.length === 0 ? (
            <p className="text-sm text-zinc-500">No requests in this range.</p>
          ) : (
            <table className="w-full text-sm">
              <tbody>
                {overview.statusCodes.map((s) => (
                  <tr key={`${s.status}-${s.refused}`} className="border-t border-zinc-100">
                    <td className={`py-1 pr-2 font-mono text-xs ${s.status >= 400 ? "text-red-700" : "text-emerald-700"}`}>
                      {s.status}
                      {s.refused && <span className="ml-2 font-sans text-zinc-500">refused, not counted</span>}
                    </td>
                    <td className="py-1 text-right tabular-nums">{s.requests.toLocaleString("en-US")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </div>
  );
}
