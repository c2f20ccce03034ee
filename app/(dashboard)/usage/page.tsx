import Link from "next/link";
import { requireSession } from "@/lib/http/session";
import { usageOverview, type UsageRange } from "@/db/queries/usage-analytics";
import { rankAccountKeys } from "@/db/queries/usage-rankings";
import { Card } from "@/components/ui/card";
import { buttonClasses } from "@/components/ui/button";
import { UsagePanel } from "@/components/usage/usage-panel";
import { KeyRankingTable } from "@/components/usage/key-ranking-table";
import { USAGE_RANGES, usageSearchSchema } from "@/lib/usage/range";

export const metadata = { title: "Usage" };

// Keys ranked per page: enough to see who drives the traffic, few enough to read at a glance.
const KEYS_PER_PAGE = 25;

export default async function UsagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { account } = await requireSession();
  const { days, page } = usageSearchSchema.parse(await searchParams);
  const [overview, ranking] = await Promise.all([
    usageOverview({ accountId: account.id }, days),
    rankAccountKeys(account.id, days, { limit: KEYS_PER_PAGE, offset: (page - 1) * KEYS_PER_PAGE }),
  ]);
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
      <Card
        title="By key"
        description={
          <>
            Keys called in the last {days} days, busiest first. Every key, called or not, is on{" "}
            <Link href="/keys" className="underline">
              API keys
            </Link>
            .
          </>
        }
      >
        <KeyRankingTable
          keys={ranking.keys}
          total={ranking.total}
          page={page}
          pageSize={KEYS_PER_PAGE}
          days={days}
          hrefOf={(p) => `/usage?days=${days}${p > 1 ? `&page=${p}` : ""}`}
        />
      </Card>
    </div>
  );
}
