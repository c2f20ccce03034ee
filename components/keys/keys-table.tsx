import Link from "next/link";
import type { KeyWithScopes } from "@/db/queries/keys";
import { keyStatus } from "@/lib/keys/status";
import { formatCount } from "@/lib/format";
import { EnvironmentBadge, StatusBadge } from "./status-badge";
import { ScopeList } from "./scope-list";
import { MaskedKey } from "./masked-key";
import { KeyRowMenu } from "./key-row-menu";
import type { LifecycleActionSet } from "./lifecycle-actions";
import { KeyFlagBadges } from "@/components/usage/key-flag-badges";
import type { KeyFlags } from "@/lib/usage/key-flags";
import { When } from "@/components/ui/when";

const th = "px-4 py-2.5 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase";
const td = "px-4 py-3 align-top text-sm";

/** `basePath` is where each key's page lives: /keys for the client, the client's admin page for an admin. */
export function KeysTable({
  keys,
  now,
  basePath = "/keys",
  deprecatedScopes,
  flags = {},
  holders = {},
  rowActions,
}: {
  keys: KeyWithScopes[];
  now: Date;
  basePath?: string;
  deprecatedScopes?: string[];
  flags?: Record<string, KeyFlags>;
  /** Names of the service accounts that hold keys, by id. */
  holders?: Record<string, string>;
  /** Each row's menu of lifecycle steps; absent for someone who may not change keys. */
  rowActions?: LifecycleActionSet;
}) {
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-zinc-200">
      <table className="min-w-full divide-y divide-zinc-200">
        <thead className="bg-zinc-50/70">
          <tr>
            <th scope="col" className={th}>
              Name
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              Key
            </th>
            <th scope="col" className={`${th} hidden lg:table-cell`}>
              Scopes
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={`${th} hidden md:table-cell`}>
              Created
            </th>
            <th scope="col" className={`${th} hidden md:table-cell`}>
              Expires
            </th>
            <th scope="col" className={`${th} hidden xl:table-cell`}>
              Last used
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell text-right`}>
              Requests
            </th>
            {rowActions && (
              <th scope="col" className={`${th} w-12`}>
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {keys.map((key) => (
            <tr key={key.id} className="hover:bg-zinc-50/60">
              <td className={td}>
                <div className="flex items-center gap-2">
                  <Link href={`${basePath}/${key.id}`} className="font-medium text-zinc-900 hover:text-brand-600 hover:underline">
                    {key.name}
                  </Link>
                  <EnvironmentBadge environment={key.environment} />
                </div>
                {key.description && <p className="mt-0.5 line-clamp-1 max-w-xs text-xs text-zinc-500">{key.description}</p>}
                {key.serviceAccountId && holders[key.serviceAccountId] && (
                  <p className="mt-0.5 text-xs text-zinc-500">
                    held by <span className="font-medium text-zinc-700">{holders[key.serviceAccountId]}</span> (service account)
                  </p>
                )}
                {flags[key.id] && (
                  <div className="mt-1">
                    <KeyFlagBadges flags={flags[key.id]} />
                  </div>
                )}
                <div className="mt-1 sm:hidden">
                  <MaskedKey start={key.start} />
                </div>
              </td>
              <td className={`${td} hidden sm:table-cell`}>
                <MaskedKey start={key.start} />
              </td>
              <td className={`${td} hidden lg:table-cell`}>
                <ScopeList scopes={key.scopes} max={3} deprecated={deprecatedScopes} />
              </td>
              <td className={td}>
                <StatusBadge status={keyStatus(key, now)} />
              </td>
              <td className={`${td} hidden text-zinc-600 md:table-cell whitespace-nowrap`}>
                <When date={key.createdAt} />
              </td>
              <td className={`${td} hidden text-zinc-600 md:table-cell whitespace-nowrap`}>
                <When date={key.expiresAt} fallback="Never" />
              </td>
              <td className={`${td} hidden text-zinc-600 xl:table-cell whitespace-nowrap`}>
                <When date={key.lastUsedAt} show="relative" />
              </td>
              <td className={`${td} hidden text-right text-zinc-600 tabular-nums sm:table-cell`}>
                {formatCount(key.requestCount)}
              </td>
              {rowActions && (
                <td className="px-2 py-2 text-right align-top">
                  <KeyRowMenu apiKey={key} actions={rowActions} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
