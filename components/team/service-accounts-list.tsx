import type { ServiceAccountRow } from "@/db/queries/service-accounts";
import { ROLE_LABELS } from "@/lib/accounts/roles";
import { formatCount } from "@/lib/format";
import { ConfirmAction } from "@/components/ui/confirm-action";
import type { TeamAction, TeamActionFields } from "./team-action";
import { When } from "@/components/ui/when";

export function ServiceAccountsList({
  serviceAccounts,
  retire,
  fields,
}: {
  serviceAccounts: ServiceAccountRow[];
  retire?: TeamAction;
  fields?: TeamActionFields;
}) {
  if (serviceAccounts.length === 0) {
    return <p className="text-sm text-zinc-600">No service accounts. Make one to hold the keys of a pipeline or a server.</p>;
  }
  return (
    <ul className="-my-2 divide-y divide-zinc-100">
      {serviceAccounts.map((sa) => (
        <li key={sa.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
          <div className="min-w-0">
            <p className="text-sm font-medium break-all text-zinc-900">
              {sa.name}
              {sa.retiredAt && (
                <span className="ml-2 text-xs font-normal text-zinc-500">
                  retired <When date={sa.retiredAt} />
                </span>
              )}
            </p>
            <p className="text-xs text-zinc-500">
              {ROLE_LABELS[sa.role]} · {formatCount(sa.activeKeys)} active {sa.activeKeys === 1 ? "key" : "keys"}
              {sa.description && <> · {sa.description}</>}
            </p>
          </div>
          {retire && !sa.retiredAt && (
            <ConfirmAction
              action={retire}
              input={{ ...fields, serviceAccountId: sa.id }}
              trigger="Retire"
              title={`Retire ${sa.name}?`}
              description={`Its ${sa.activeKeys === 1 ? "key is" : `${sa.activeKeys} keys are`} revoked at once, and no key can be made for it again.`}
              confirm="Retire and revoke keys"
              done={`${sa.name} retired.`}
            />
          )}
        </li>
      ))}
    </ul>
  );
}
