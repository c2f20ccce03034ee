import type { KeyWithScopes } from "@/db/queries/keys";
import type { LastRequest, UsageOverview, UsageRange } from "@/db/queries/usage-analytics";
import { Card } from "@/components/ui/card";
import { buttonClasses } from "@/components/ui/button";
import { formatCount, formatRelative } from "@/lib/format";
import { USAGE_RANGES } from "@/lib/usage/range";
import { UsagePanel } from "./usage-panel";
import { LastRequests } from "./last-requests";

/** A key's usage on its page: the panel, last used, the request count and its latest requests. */
export function KeyUsageSection({
  apiKey,
  overview,
  days,
  page,
  requests,
}: {
  apiKey: KeyWithScopes;
  overview: UsageOverview;
  days: UsageRange;
  page: number;
  requests: { rows: LastRequest[]; hasMore: boolean };
}) {
  const base = `/keys/${apiKey.id}`;
  const rangeHrefs = Object.fromEntries(USAGE_RANGES.map((d) => [d, `${base}?days=${d}`])) as Record<UsageRange, string>;
  return (
    <>
      <Card
        title="Usage"
        description={
          <>
            Last used {formatRelative(apiKey.lastUsedAt).toLowerCase()} · {formatCount(apiKey.requestCount)}{" "}
            {apiKey.requestCount === 1 ? "request" : "requests"} in all
          </>
        }
        actions={
          <a href={`/usage/export?days=${days}&keyId=${apiKey.id}`} className={buttonClasses("secondary", "sm")} download>
            Export CSV
          </a>
        }
      >
        <UsagePanel overview={overview} days={days} rangeHrefs={rangeHrefs} />
      </Card>
      <Card title="Last requests">
        <LastRequests
          rows={requests.rows}
          page={page}
          hasMore={requests.hasMore}
          pageHref={(p) => `${base}?days=${days}&page=${p}#card-last-requests`}
        />
      </Card>
    </>
  );
}
