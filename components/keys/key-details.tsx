import type { KeyWithScopes } from "@/db/queries/keys";
import { formatCount, formatDateTime, formatRateLimit, formatRelative } from "@/lib/format";
import { ScopeList } from "./scope-list";
import { MaskedKey } from "./masked-key";

export function KeyDetails({ apiKey, deprecatedScopes }: { apiKey: KeyWithScopes; deprecatedScopes?: string[] }) {
  const rows: [string, React.ReactNode][] = [
    ["Key", <MaskedKey key="start" start={apiKey.start} />],
    [
      "Key id",
      <code key="id" className="font-mono text-xs break-all">
        {apiKey.id}
      </code>,
    ],
    ["Scopes", <ScopeList key="scopes" scopes={apiKey.scopes} deprecated={deprecatedScopes} />],
    ["Rate limit", formatRateLimit(apiKey.rateLimit, apiKey.rateLimitWindow)],
    ["Created", formatDateTime(apiKey.createdAt)],
    ["Expires", formatDateTime(apiKey.expiresAt, "Never")],
    ["Last used", formatRelative(apiKey.lastUsedAt)],
    ["Requests", formatCount(apiKey.requestCount)],
  ];
  if (apiKey.revokedAt) rows.push(["Revoked", formatDateTime(apiKey.revokedAt)]);
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
