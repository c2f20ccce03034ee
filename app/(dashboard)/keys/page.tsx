import { requireSession } from "@/lib/http/session";
import { can } from "@/lib/accounts/roles";
import { listKeysPage } from "@/db/queries/keys";
import { keyListSearchSchema } from "@/lib/validations/key";
import { KeyListControls, KeyListPager } from "@/components/keys/key-list-controls";
import { listDeprecatedScopeNames } from "@/db/queries/scopes";
import { listServiceAccounts } from "@/db/queries/service-accounts";
import { scopeOptionsFor } from "@/lib/keys/scope-options";
import { atKeyLimit, planStanding } from "@/lib/plans/standing";
import { KeysTable } from "@/components/keys/keys-table";
import { CreateKeyDialog } from "@/components/keys/create-key-dialog";
import { EmptyKeys } from "@/components/keys/empty-keys";
import { KeyAllowance, KeyLimitReached } from "@/components/keys/key-allowance";
import { createKeyAction, disableKeyAction, enableKeyAction, hideKeyAction, revokeKeyAction, rollKeyAction } from "./actions";
import { keyFlagsFor } from "./key-flags";
import { saveTemplateAction } from "./template-actions";
import { listUsableTemplates } from "@/lib/keys/template-reads";
import { templateChoices } from "@/lib/keys/template-choices";
import Link from "next/link";

export const metadata = { title: "API keys" };

export default async function KeysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user, account, role } = await requireSession();
  const canWrite = can(role, "keys.write");
  const { q, after } = keyListSearchSchema.parse(await searchParams);
  // Read beside the list, not before it: the scope options wait for it, nothing else does.
  const standingRead = planStanding(account.id);
  const [{ keys, total, nextAfter }, standing, scopeOptions, deprecatedScopes, serviceAccounts, templates] = await Promise.all([
    listKeysPage(account.id, { q, after }),
    standingRead,
    standingRead.then((plan) => scopeOptionsFor(user.role, [], role, plan)),
    listDeprecatedScopeNames(),
    listServiceAccounts(account.id),
    canWrite ? listUsableTemplates(account.id) : [],
  ]);
  const holders = Object.fromEntries(serviceAccounts.map((sa) => [sa.id, sa.name]));
  const holderOptions = serviceAccounts.filter((sa) => !sa.retiredAt).map(({ id, name, role }) => ({ id, name, role }));
  // Each template fitted to what this member may give a key on this plan: the form says what it left out.
  const choices = templateChoices(templates, { ...standing, scopeOptions });
  const createProps = {
    scopeOptions,
    plan: standing,
    action: createKeyAction,
    holders: holderOptions,
    hiddenFields: { accountId: account.id },
    templates: choices,
    saveTemplate: saveTemplateAction,
    accountName: account.name,
  };
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
          <div className="mt-1">
            <KeyAllowance standing={standing} />
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          {canWrite && (
            <Link href="/keys/templates" className="text-sm font-medium text-zinc-700 underline-offset-2 hover:underline">
              Templates
            </Link>
          )}
          {canWrite && (keys.length > 0 || q || after) && atKeyLimit(standing) ? (
            <KeyLimitReached standing={standing} owner={role === "owner"} accountName={account.name} />
          ) : (
            canWrite && (keys.length > 0 || q || after) && <CreateKeyDialog {...createProps} />
          )}
        </div>
      </div>
      {(q || after || total > 10) && <KeyListControls q={q} total={total} shown={keys.length} after={after} />}
      {keys.length === 0 && (q || after) ? (
        <p className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-10 text-center text-sm text-zinc-600">
          {q ? `No key matches “${q}”.` : "No more keys."}
        </p>
      ) : keys.length === 0 ? (
        <EmptyKeys
          action={
            canWrite ? (
              <CreateKeyDialog {...createProps} label="Generate your first key" />
            ) : (
              <p className="text-sm text-zinc-600">
                Viewers cannot create keys: ask an admin of {account.name} for the developer role.
              </p>
            )
          }
        />
      ) : (
        <KeysTable
          keys={keys}
          now={now}
          deprecatedScopes={deprecatedScopes}
          flags={flags}
          holders={holders}
          rowActions={
            canWrite
              ? {
                  roll: rollKeyAction,
                  disable: disableKeyAction,
                  enable: enableKeyAction,
                  revoke: revokeKeyAction,
                  hide: hideKeyAction,
                  fields: { accountId: account.id },
                  listHref: "/keys",
                }
              : undefined
          }
        />
      )}
      {(after || nextAfter) && <KeyListPager q={q} after={after} nextAfter={nextAfter} />}
    </div>
  );
}
