import { requireUser } from "@/lib/http/session";
import { listKeysForOwner } from "@/db/queries/keys";
import { listDeprecatedScopeNames } from "@/db/queries/scopes";
import { scopeOptionsFor } from "@/lib/keys/scope-options";
import { KeysTable } from "@/components/keys/keys-table";
import { CreateKeyDialog } from "@/components/keys/create-key-dialog";
import { EmptyKeys } from "@/components/keys/empty-keys";
import { createKeyAction } from "./actions";
import { keyFlagsFor } from "./key-flags";

export const metadata = { title: "API keys" };

export default async function KeysPage() {
  const user = await requireUser();
  const [keys, scopeOptions, deprecatedScopes] = await Promise.all([
    listKeysForOwner(user.id),
    scopeOptionsFor(user.role),
    listDeprecatedScopeNames(),
  ]);
  const now = new Date();
  const flagsOf = await keyFlagsFor(
    user.id,
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
            Keys authenticate your requests to the API. Keep them secret; roll any key you think has leaked.
          </p>
        </div>
        {keys.length > 0 && <CreateKeyDialog scopeOptions={scopeOptions} action={createKeyAction} />}
      </div>
      {keys.length === 0 ? (
        <EmptyKeys
          action={<CreateKeyDialog scopeOptions={scopeOptions} action={createKeyAction} label="Generate your first key" />}
        />
      ) : (
        <KeysTable keys={keys} now={now} deprecatedScopes={deprecatedScopes} flags={flags} />
      )}
    </div>
  );
}
