import Link from "next/link";
import type { KeyWithScopes, SecretGrace } from "@/db/queries/keys";
import type { AuditEvent } from "@/db/schema";
import type { KeyPeople } from "@/lib/keys/key-people";
import { keyStatus } from "@/lib/keys/status";
import type { UsageQuotaState } from "@/lib/keys/usage-quota";
import type { ScopeOption } from "@/lib/scopes";
import { Card } from "@/components/ui/card";
import { ConfirmKeyAction } from "./confirm-key-action";
import { EditKeyForm } from "./edit-key-form";
import { GraceNotice } from "./grace-notice";
import { IpAllowlistForm } from "./ip-allowlist-form";
import type { KeyActions } from "./key-actions";
import { KeyActivity } from "./key-activity";
import { KeyDetails } from "./key-details";
import type { PlanBounds } from "./key-settings-fields";
import { LifecycleActions } from "./lifecycle-actions";
import { EnvironmentBadge, StatusBadge } from "./status-badge";

interface KeyManagerProps {
  apiKey: KeyWithScopes;
  /** The key's usage quota as it stands this period; null for a key without one. */
  allowance?: UsageQuotaState | null;
  back: { href: string; label: string };
  /** Under the title: the key's description, or whose key it is. */
  subtitle?: React.ReactNode;
  graceSecrets: SecretGrace[];
  events: AuditEvent[];
  scopeOptions: ScopeOption[];
  deprecatedScopes: string[];
  /** Who made the key and what holds it, for the details. */
  people?: KeyPeople;
  /** The client's own actions, or the admin's acting for the client. */
  actions: KeyActions;
  /** Shown between the header and the settings (the client's usage and the key's flags). */
  children?: React.ReactNode;
  /** A viewer's page: the key as it is, with no form that would change it. */
  readOnly?: boolean;
  /** The account's plan: the settings form offers no more than it allows. */
  plan?: PlanBounds;
}

/** What the edit form starts from: the key's current settings. */
function settingsDefaultsOf(key: KeyWithScopes) {
  return {
    name: key.name,
    description: key.description,
    scopes: key.scopes,
    rateLimit: key.rateLimit,
    rateLimitWindow: key.rateLimitWindow,
    quotaLimit: key.usageQuota,
    quotaPeriod: key.usageQuotaPeriod,
    currentExpiresAt: key.expiresAt,
    metadata: key.metadata,
  };
}

/** One key's page, the client's and the admin's alike: header with its lifecycle, details, settings, allowlist, activity. */
export function KeyManager({
  apiKey,
  allowance,
  back,
  subtitle,
  graceSecrets,
  events,
  scopeOptions,
  deprecatedScopes,
  people,
  actions,
  children,
  readOnly = false,
  plan,
}: KeyManagerProps) {
  const revoked = apiKey.revokedAt !== null;
  const fields = actions.fields ?? {};
  return (
    <div className="space-y-6">
      <div>
        <Link href={back.href} className="text-sm text-zinc-500 hover:text-zinc-900">
          ← {back.label}
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-3">
              <h1 className="text-2xl font-semibold tracking-tight break-all">{apiKey.name}</h1>
              <EnvironmentBadge environment={apiKey.environment} />
              <StatusBadge status={keyStatus(apiKey)} />
            </div>
            {subtitle && <p className="mt-1 max-w-2xl text-sm text-zinc-600">{subtitle}</p>}
          </div>
          {!readOnly && <LifecycleActions apiKey={apiKey} actions={actions} />}
        </div>
      </div>
      {apiKey.disabledAt && !revoked && (
        <div role="status" className="rounded-xl bg-zinc-100 px-4 py-3 text-sm text-zinc-800 ring-1 ring-zinc-300 ring-inset">
          <p className="font-medium">This key is disabled</p>
          <p>Every call made with it is refused until it is enabled again.</p>
        </div>
      )}
      <GraceNotice
        secrets={graceSecrets}
        endNow={
          readOnly ? undefined : (
            <ConfirmKeyAction
              keyId={apiKey.id}
              extra={fields}
              action={actions.endGrace}
              trigger="End grace now…"
              title="End the grace period now?"
              description="The old secret stops working at once; the current one is untouched. Do it once every service uses the new secret."
              confirm="End grace period"
              done="Old secret stopped"
            />
          )
        }
      />
      {children}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <Card title="Details">
            <KeyDetails apiKey={apiKey} allowance={allowance} deprecatedScopes={deprecatedScopes} people={people} />
          </Card>
          {revoked || readOnly ? (
            <Card title="Settings">
              <p className="text-sm text-zinc-600">
                {revoked
                  ? "This key is revoked; its settings can no longer be changed."
                  : "Viewers see a key's settings above; a developer, admin or owner of the account can change them."}
              </p>
            </Card>
          ) : (
            <Card title="Settings" description="Changes apply to the next request made with this key.">
              <EditKeyForm
                keyId={apiKey.id}
                scopeOptions={scopeOptions}
                defaults={settingsDefaultsOf(apiKey)}
                action={actions.update}
                hiddenFields={fields}
                plan={plan}
              />
            </Card>
          )}
        </div>
        <div className="space-y-6">
          {!revoked && !readOnly && (
            <Card title="IP allowlist" description="Limit where this key can be used from.">
              <IpAllowlistForm
                keyId={apiKey.id}
                allowlist={apiKey.ipAllowlist}
                action={actions.allowlist}
                hiddenFields={fields}
              />
            </Card>
          )}
          <Card title="Recent activity">
            <KeyActivity events={events} />
          </Card>
        </div>
      </div>
    </div>
  );
}
