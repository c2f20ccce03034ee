import { formatRateLimit, formatUsageQuota } from "@/lib/format";
import type { TemplateSettings } from "@/lib/validations/key-template";
import { expiryLabel } from "./template-defaults";

export interface TemplateRow {
  id: string;
  settings: TemplateSettings;
  /** "Every plan", "The basic plan", or the account's name for its own. */
  owner: string;
  /** Edit and delete, where the viewer may. */
  actions?: React.ReactNode;
}

/** Templates as a list: each one's settings in a line, its scopes below. Fits a phone: everything wraps. */
export function TemplateList({ rows, empty }: { rows: TemplateRow[]; empty: string }) {
  if (rows.length === 0) {
    return <p className="py-2 text-sm text-zinc-600">{empty}</p>;
  }
  return (
    <ul className="divide-y divide-zinc-100">
      {rows.map(({ id, settings, owner, actions }) => (
        <li key={id} className="flex flex-wrap items-start justify-between gap-3 py-4 first:pt-0 last:pb-0">
          <div className="min-w-0 flex-1 space-y-1">
            <p className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-zinc-900">{settings.name}</span>
              <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-600">{owner}</span>
            </p>
            {settings.description && <p className="text-sm text-zinc-600">{settings.description}</p>}
            <p className="text-xs text-zinc-600">
              <span className="capitalize">{settings.environment}</span> ·{" "}
              {formatRateLimit(settings.rateLimit, settings.rateLimitWindow)}
              {" · "}expires {settings.expiresInDays === null ? "never" : `after ${expiryLabel(settings.expiresInDays)}`}
              {" · "}
              {settings.quota
                ? `quota ${formatUsageQuota(settings.quota.limit, settings.quota.period)}`
                : "the plan's default quota"}
              {settings.ipAllowlist.length > 0 &&
                ` · ${settings.ipAllowlist.length} IP range${settings.ipAllowlist.length === 1 ? "" : "s"}`}
              {Object.keys(settings.metadata).length > 0 && " · metadata"}
            </p>
            <p className="break-words font-mono text-xs text-zinc-500">{settings.scopes.join(" ")}</p>
          </div>
          {actions && <div className="flex shrink-0 gap-2">{actions}</div>}
        </li>
      ))}
    </ul>
  );
}
