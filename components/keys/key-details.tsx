import type { KeyWithScopes } from "@/db/queries/keys";
import { ROLE_LABELS } from "@/lib/accounts/roles";
import { formatCount, formatDateTime, formatRateLimit, formatUsageQuota } from "@/lib/format";
import type { KeyCreator, KeyPeople } from "@/lib/keys/key-people";
import type { UsageQuotaState } from "@/lib/keys/usage-quota";
import { ScopeList } from "./scope-list";
import { MaskedKey } from "./masked-key";
import { When } from "@/components/ui/when";

function Creator({ creator }: { creator: KeyCreator }) {
  switch (creator.kind) {
    case "person":
      return (
        <span className="[overflow-wrap:anywhere]">
          <span className="font-medium">{creator.name}</span> <span className="text-zinc-500">{creator.email}</span>
          {creator.note && <span className="text-zinc-500"> ({creator.note})</span>}
        </span>
      );
    case "former_member":
      return <span className="text-zinc-600">A former member</span>;
    case "administrator":
      return <span className="text-zinc-600">An administrator, for the account</span>;
    case "api":
      return <span className="text-zinc-600">Through the API or the command line</span>;
  }
}

type Row = [string, React.ReactNode];

function whoRows(people: KeyPeople | undefined): Row[] {
  if (!people) return [];
  const rows: Row[] = [["Created by", <Creator key="creator" creator={people.creator} />]];
  const { holder } = people;
  if (holder) {
    rows.push([
      "Held by",
      <span key="holder" className="[overflow-wrap:anywhere]">
        <span className="font-medium">{holder.name}</span>{" "}
        <span className="text-zinc-500">
          (service account, {ROLE_LABELS[holder.role].toLowerCase()}
          {holder.retiredAt && `, retired ${formatDateTime(holder.retiredAt)}`})
        </span>
      </span>,
    ]);
  }
  return rows;
}

/** "10,000 / day · 4,321 used, refills in 5 hours", or the quota alone when its use is not known. */
function usageQuotaText(apiKey: KeyWithScopes, allowance: UsageQuotaState | null | undefined): string {
  const quota = formatUsageQuota(apiKey.usageQuota, apiKey.usageQuotaPeriod);
  if (!allowance) return quota;
  const refill = allowance.resetSeconds === null ? "never refills" : `refills in ${formatDuration(allowance.resetSeconds)} (UTC)`;
  return `${quota} · ${formatCount(allowance.used)} used, ${refill}`;
}

/** Seconds as the largest whole unit: "5 hours", "12 days", "40 minutes". */
function formatDuration(seconds: number): string {
  const [amount, unit] =
    seconds >= 2 * 86_400
      ? [Math.floor(seconds / 86_400), "day"]
      : seconds >= 2 * 3_600
        ? [Math.floor(seconds / 3_600), "hour"]
        : [Math.max(1, Math.floor(seconds / 60)), "minute"];
  return `${amount} ${unit}${amount === 1 ? "" : "s"}`;
}

export function KeyDetails({
  apiKey,
  allowance,
  deprecatedScopes,
  people,
}: {
  apiKey: KeyWithScopes;
  /** The usage quota as it stands this period, when the key has one. */
  allowance?: UsageQuotaState | null;
  deprecatedScopes?: string[];
  /** Who made the key and which service account holds it. */
  people?: KeyPeople;
}) {
  const rows: Row[] = [
    ["Key", <MaskedKey key="start" start={apiKey.start} />],
    [
      "Key id",
      <code key="id" className="font-mono text-xs break-all">
        {apiKey.id}
      </code>,
    ],
    ["Scopes", <ScopeList key="scopes" scopes={apiKey.scopes} deprecated={deprecatedScopes} />],
    ["Rate limit", formatRateLimit(apiKey.rateLimit, apiKey.rateLimitWindow)],
    ["Usage quota", usageQuotaText(apiKey, allowance)],
    ["Created", <When key="created" date={apiKey.createdAt} show="datetime" />],
    ...whoRows(people),
    ["Expires", <When key="expires" date={apiKey.expiresAt} show="datetime" fallback="Never" />],
    ["Last used", <When key="used" date={apiKey.lastUsedAt} show="relative" />],
    ["Requests", formatCount(apiKey.requestCount)],
  ];
  if (Object.keys(apiKey.metadata).length > 0) {
    rows.push([
      "Metadata",
      <pre
        key="metadata"
        className="max-h-48 overflow-auto rounded-md bg-zinc-50 p-2 font-mono text-xs break-all whitespace-pre-wrap"
      >
        {JSON.stringify(apiKey.metadata, null, 2)}
      </pre>,
    ]);
  }
  if (apiKey.disabledAt) rows.push(["Disabled", <When key="disabled" date={apiKey.disabledAt} show="datetime" />]);
  if (apiKey.revokedAt) rows.push(["Revoked", <When key="revoked" date={apiKey.revokedAt} show="datetime" />]);
  return (
    <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[8rem_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-sm text-zinc-500">{label}</dt>
          <dd className="text-sm text-zinc-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
