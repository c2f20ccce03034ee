import { requireAdmin } from "@/lib/http/session";
import { listScopes } from "@/db/queries/scopes";
import { Card } from "@/components/ui/card";
import { AddScopeForm, DeprecateScopeButton } from "@/components/admin/scope-forms";
import { addScopeAction, setScopeDeprecatedAction } from "./actions";
import { When } from "@/components/ui/when";

export const metadata = { title: "Scopes" };

export default async function ScopesPage() {
  await requireAdmin();
  const scopes = await listScopes();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Scope catalogue</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600">
          What keys may be allowed to do. A deprecated scope stays on the keys that hold it (shown as deprecated) and can no
          longer be granted to a key.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card title="Scopes">
          <ul className="divide-y divide-zinc-100">
            {scopes.map((scope) => (
              <li key={scope.name} className="flex items-center justify-between gap-3 py-2.5">
                <div className="min-w-0">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-sm">{scope.name}</span>
                    {scope.adminOnly && (
                      <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-800">Admin-only</span>
                    )}
                    {scope.deprecatedAt && (
                      <span className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs text-zinc-700">
                        Deprecated <When date={scope.deprecatedAt} />
                      </span>
                    )}
                  </p>
                  <p className="text-sm text-zinc-600">{scope.description}</p>
                </div>
                <DeprecateScopeButton
                  name={scope.name}
                  deprecated={scope.deprecatedAt !== null}
                  setDeprecated={setScopeDeprecatedAction}
                />
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Add a scope">
          <AddScopeForm addScope={addScopeAction} />
        </Card>
      </div>
    </div>
  );
}
