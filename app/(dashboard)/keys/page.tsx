import { requireSession } from "@/lib/http/session";
import { can } from "@/lib/accounts/roles";
import { listKeysForAccount } from "@/db/queries/keys";
import { listDeprecatedScopeNames } from "@/db/queries/scopes";
import { listServiceAccounts } from "@/db/queries/service-accounts";
import { scopeOptionsFor } from "@/lib/keys/scope-options";
import { KeysTable } from "@/components/keys/keys-table";
import { CreateKeyDialog } from "@/components/keys/create-key-dialog";
import { EmptyKeys } from "@/components/keys/empty-keys";
import { createKeyAction } from "./actions";
import { keyFlagsFor } from "./key-flags";

export const metadata = { title: "API keys" };

export default async function KeysPage() {
  const { user, account, role } = await requireSession();
  const canWrite = can(role, "keys.write");
  const [keys, scopeOptions, deprecatedScopes, serviceAccounts] = await Promise.all([
    listKeysForAccount(account.id),
    scopeOptionsFor(user.role, [], role),
    listDeprecatedScopeNames(),
    listServiceAccounts(account.id),
  ]);
  const holders = Object.fromEntries(serviceAccounts.map((sa) => [sa.id, sa.name]));
  const holderOptions = serviceAccounts.filter((sa) => !sa.retiredAt).map(({ id, name, role }) => ({ id, name, role }));
  const now = new Date();
  const flagsOf = await keyFlagsFor(
    account.id,
    keys.map((k) => k.id),
    now,
  );
  const flags = Object.fromEntries(keys.map((k) => [k.id, flagsOf(k)]));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">API keys</h1>
          <p className="mt-1 text-sm text-zinc-600">
            Keys of {account.name} authenticate requests to the API. Keep them secret; roll any key you think has leaked.
          </p>
        </div>
        {canWrite && keys.length > 0 && (
          <CreateKeyDialog
            scopeOptions={scopeOptions}
            action={createKeyAction}
            holders={holderOptions}
            hiddenFields={{ accountId: account.id }}
          />
        )}
      </div>
      {keys.length === 0 ? (
        <EmptyKeys
          action={
            canWrite ? (
              <CreateKeyDialog
                scopeOptions={scopeOptions}
                action={createKeyAction}
                hiddenFields={{ accountId: account.id }}
                holders={holderOptions}
                label="Generate your first key"
              />
            ) : (
              <p className="text-sm text-zinc-600">
                Viewers cannot create keys: ask an admin of {account.name} for the developer role.
              </p>
            )
          }
        />
      ) : (
        <KeysTable keys={keys} now={now} deprecatedScopes={deprecatedScopes} flags={flags} holders={holders} />
      )}
    </div>
  );
}
