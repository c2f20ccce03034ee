import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { formatCount } from "@/lib/format";
import { When } from "@/components/ui/when";

const th = "px-3 py-2 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase";
const td = "px-3 py-2 text-sm";

export interface KeyRankingRow {
  keyId: string;
  name: string;
  requests: number;
  errors: number;
  refused: number;
  lastUsedAt: Date | null;
}

/**
 * One page of an account's keys ranked by calls over the range, with Previous/Next: a table of every key would be
 * 10,000 rows for a large account, and nobody reads past the busiest; the rest are a page (or a search on /keys) away.
 */
export function KeyRankingTable({
  keys,
  total,
  page,
  pageSize,
  days,
  hrefOf,
}: {
  keys: KeyRankingRow[];
  /** Keys with calls in the range, across pages. */
  total: number;
  page: number;
  pageSize: number;
  days: number;
  hrefOf: (page: number) => string;
}) {
  const first = (page - 1) * pageSize + 1;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (keys.length === 0) {
    return (
      <p className="text-sm text-zinc-500">
        {total > 0 ? (
          <>
            No keys on this page.{" "}
            <Link href={hrefOf(1)} className="underline">
              Back to the busiest
            </Link>
            .
          </>
        ) : (
          `No key was called in the last ${days} days.`
        )}
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-zinc-100">
          <thead>
            <tr>
              <th scope="col" className={th}>
                Key
              </th>
              <th scope="col" className={`${th} text-right`}>
                Requests
              </th>
              <th scope="col" className={`${th} text-right`}>
                Errors
              </th>
              <th scope="col" className={`${th} hidden text-right sm:table-cell`}>
                Refused
              </th>
              <th scope="col" className={`${th} hidden sm:table-cell`}>
                Last used
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {keys.map((k) => (
              <tr key={k.keyId}>
                <td className={`${td} break-all`}>
                  <Link href={`/keys/${k.keyId}?days=${days}`} className="font-medium hover:underline">
                    {k.name}
                  </Link>
                </td>
                <td className={`${td} text-right tabular-nums`}>{formatCount(k.requests)}</td>
                <td className={`${td} text-right tabular-nums`}>{formatCount(k.errors)}</td>
                <td className={`${td} hidden text-right tabular-nums sm:table-cell`}>{formatCount(k.refused)}</td>
                <td className={`${td} hidden text-zinc-600 sm:table-cell`}>
                  <When date={k.lastUsedAt} show="relative" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages of keys" className="flex flex-wrap items-center justify-between gap-2 text-sm text-zinc-600">
        <span>
          {formatCount(first)}–{formatCount(first + keys.length - 1)} of {formatCount(total)} key{total === 1 ? "" : "s"} called
          in the last {days} days
        </span>
        {pages > 1 && (
          <span className="flex gap-2">
            {page > 1 && (
              <Link href={hrefOf(page - 1)} className={buttonClasses("secondary", "sm")}>
                ← Busier
              </Link>
            )}
            {page < pages && (
              <Link href={hrefOf(page + 1)} className={buttonClasses("secondary", "sm")}>
                Quieter →
              </Link>
            )}
          </span>
        )}
      </nav>
    </div>
  );
}
