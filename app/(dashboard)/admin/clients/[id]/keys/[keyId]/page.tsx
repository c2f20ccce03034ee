import { settingsDefaultsOf } from "@/lib/keys/settings-defaults";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/http/session";
import { findClient } from "@/lib/accounts/admin-views";
import { findKeyForOwner, listSecretsInGrace } from "@/db/queries/keys";
import { listAuditEventsForKey } from "@/db/queries/audit";
import { listDeprecatedScopeNames } from "@/db/queries/scopes";
import { scopeOptionsFor } from "@/lib/keys/scope-options";
import { keyStatus } from "@/lib/keys/status";
import { keyIdSchema } from "@/lib/validations/key";
import { clientIdSchema } from "@/lib/validations/admin";
import { Card } from "@/components/ui/card";
import { EnvironmentBadge, StatusBadge } from "@/components/keys/status-badge";
import { KeyDetails } from "@/components/keys/key-details";
import { GraceNotice } from "@/components/keys/grace-notice";
import { EditKeyForm } from "@/components/keys/edit-key-form";
import { DangerZone } from "@/components/keys/danger-zone";
import { KeyActivity } from "@/components/keys/key-activity";
import { IpAllowlistForm } from "@/components/keys/ip-allowlist-form";
import {
  hideClientKeyAction,
  revokeClientKeyAction,
  rollClientKeyAction,
  updateClientIpAllowlistAction,
  updateClientKeyAction,
} from "../../../actions";

export const metadata = { title: "Client's API key" };

/** A client's key as the admin manages it: the client's own key page, with the admin's actions. */
export default async function ClientKeyPage({ params }: { params: Promise<{ id: string; keyId: string }> }) {
  const admin = await requireAdmin();
  const raw = await params;
  const clientId = clientIdSchema.safeParse(raw.id);
  const keyId = keyIdSchema.safeParse(raw.keyId);
  if (!clientId.success || !keyId.success) notFound();
  const client = await findClient(admin, clientId.data);
  if (!client) notFound();
  const ref = { keyId: keyId.data, ownerId: client.id };
  const apiKey = await findKeyForOwner(ref);
  if (!apiKey) notFound();
  const [graceSecrets, events, scopeOptions, deprecatedScopes] = await Promise.all([
    listSecretsInGrace(ref),
    listAuditEventsForKey(ref.keyId, ref.ownerId),
    scopeOptionsFor("admin", apiKey.scopes),
    listDeprecatedScopeNames(),
  ]);
  const revoked = apiKey.revokedAt !== null;
  const base = `/admin/clients/${client.id}`;
  const fields = { clientId: client.id };

  return (
    <div className="space-y-6">
      <div>
        <Link href={base} className="text-sm text-zinc-500 hover:text-zinc-900">
          ← {client.name}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight break-all">{apiKey.name}</h1>
          <EnvironmentBadge environment={apiKey.environment} />
          <StatusBadge status={keyStatus(apiKey)} />
        </div>
        <p className="mt-1 text-sm text-zinc-600">A key of {client.email}. Your changes are audited as you acting for them.</p>
      </div>
      <GraceNotice secrets={graceSecrets} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <Card title="Details">
            <KeyDetails apiKey={apiKey} deprecatedScopes={deprecatedScopes} />
          </Card>
          {!revoked && (
            <Card title="Settings" description="Changes apply to the next request made with this key.">
              <EditKeyForm
                keyId={apiKey.id}
                scopeOptions={scopeOptions}
                action={updateClientKeyAction}
                hiddenFields={fields}
                defaults={settingsDefaultsOf(apiKey)}
              />
            </Card>
          )}
        </div>
        <div className="space-y-6">
          {!revoked && (
            <Card title="IP allowlist" description="Limit where this key can be used from.">
              <IpAllowlistForm
                keyId={apiKey.id}
                allowlist={apiKey.ipAllowlist}
                action={updateClientIpAllowlistAction}
                hiddenFields={fields}
              />
            </Card>
          )}
          <Card title="Recent activity">
            <KeyActivity events={events} />
          </Card>
          <DangerZone
            keyId={apiKey.id}
            keyName={apiKey.name}
            revoked={revoked}
            actions={{
              roll: rollClientKeyAction,
              revoke: revokeClientKeyAction,
              hide: hideClientKeyAction,
              fields,
              listHref: base,
            }}
          />
        </div>
      </div>
    </div>
  );
}
