import Link from "next/link";
import { requireSession } from "@/lib/http/session";
import { usageByKey, usageOverview, type UsageRange } from "@/db/queries/usage-analytics";
import { Card } from "@/components/ui/card";
import { buttonClasses } from "@/components/ui/button";
import { UsagePanel } from "@/components/usage/usage-panel";
import { formatCount, formatRelative } from "@/lib/format";
import { USAGE_RANGES, usageRangeSchema } from "@/lib/usage/range";

export const metadata = { title: "Usage" };

const th = "px-3 py-2 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase";
const td = "px-3 py-2 text-sm";

export default async function UsagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { account } = await requireSession();
  const days = usageRangeSchema.parse((await searchParams).days);
  const [overview, keys] = await Promise.all([usageOverview({ accountId: account.id }, days), usageByKey(account.id, days)]);
  const rangeHrefs = Object.fromEntries(USAGE_RANGES.map((d) => [d, `/usage?days=${d}`])) as Record<UsageRange, string>;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Usage</h1>
          <p className="mt-1 text-sm text-zinc-600">Requests made with all keys of {account.name}.</p>
        </div>
        <a href={`/usage/export?days=${days}`} className={buttonClasses("secondary", "sm")} download>
          Export CSV
        </a>
      </div>
      <Card title="All keys">
        <UsagePanel overview={overview} days={days} rangeHrefs={rangeHrefs} />
      </Card>
      <Card title="By key">
        {keys.length === 0 ? (
          <p className="text-sm text-zinc-500">You have no keys yet.</p>
        ) : (
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
                    <td className={td}>
                      <Link href={`/keys/${k.keyId}?days=${days}`} className="font-medium hover:underline">
                        {k.name}
                      </Link>
                    </td>
                    <td className={`${td} text-right tabular-nums`}>{formatCount(k.requests)}</td>
                    <td className={`${td} text-right tabular-nums`}>{formatCount(k.errors)}</td>
                    <td className={`${td} hidden text-right tabular-nums sm:table-cell`}>{formatCount(k.refused)}</td>
                    <td className={`${td} hidden text-zinc-600 sm:table-cell`}>{formatRelative(k.lastUsedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
