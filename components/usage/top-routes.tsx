import type { UsageOverview } from "@/db/queries/usage-analytics";
import { SOURCE_LABELS } from "@/lib/usage/outcomes";

const th = "py-1 pl-2 text-xs font-medium text-zinc-500 first:pl-0";

/**
 * The busiest routes, Latchkey's own and the platform's (verified with POST /verify or called through the gateway),
 * each with its accepted calls, the errors among them and the refusals.
 */
export function TopRoutes({ routes }: { routes: UsageOverview["topRoutes"] }) {
  if (routes.length === 0) return <p className="text-sm text-zinc-500">No requests in this range.</p>;
  return (
    <table className="w-full text-sm">
      <thead>
        <tr>
          <th scope="col" className={`${th} text-left`}>
            Route
          </th>
          <th scope="col" className={`${th} text-right`}>
            Calls
          </th>
          <th scope="col" className={`${th} text-right`}>
            Errors
          </th>
          <th scope="col" className={`${th} text-right`}>
            Refused
          </th>
        </tr>
      </thead>
      <tbody>
        {routes.map((r) => (
          <tr key={`${r.source} ${r.route}`} className="border-t border-zinc-100 align-top">
            <td className="py-1 pr-2">
              <span className="font-mono text-xs break-all">{r.route}</span>
              <span className="ml-2 inline-block rounded bg-zinc-100 px-1.5 text-xs whitespace-nowrap text-zinc-600">
                {SOURCE_LABELS[r.source]}
              </span>
            </td>
            <td className="py-1 pl-2 text-right tabular-nums">{r.requests.toLocaleString("en-US")}</td>
            <td className={`py-1 pl-2 text-right tabular-nums ${r.errors > 0 ? "text-red-700" : "text-zinc-400"}`}>
              {r.errors.toLocaleString("en-US")}
            </td>
            <td className={`py-1 pl-2 text-right tabular-nums ${r.refused > 0 ? "" : "text-zinc-400"}`}>
              {r.refused.toLocaleString("en-US")}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
