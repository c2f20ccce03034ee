import { settingsDefaultsOf } from "@/lib/keys/settings-defaults";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/http/session";
import { findKeyForOwner, listSecretsInGrace } from "@/db/queries/keys";
import { listAuditEventsForKey } from "@/db/queries/audit";
import { listDeprecatedScopeNames } from "@/db/queries/scopes";
import { scopeOptionsFor } from "@/lib/keys/scope-options";
import { keyStatus } from "@/lib/keys/status";
import { keyIdSchema } from "@/lib/validations/key";
import { Card } from "@/components/ui/card";
import { EnvironmentBadge, StatusBadge } from "@/components/keys/status-badge";
import { KeyDetails } from "@/components/keys/key-details";
import { GraceNotice } from "@/components/keys/grace-notice";
import { EditKeyForm } from "@/components/keys/edit-key-form";
import { DangerZone } from "@/components/keys/danger-zone";
import { KeyActivity } from "@/components/keys/key-activity";
import { IpAllowlistForm } from "@/components/keys/ip-allowlist-form";
import { lastRequests, usageOverview } from "@/db/queries/usage-analytics";
import { routesCalledByKeys } from "@/db/queries/usage-flags";
import { ROUTE_SCOPES } from "@/lib/api/route-scopes";
import { keyFlags, SCOPE_LOOKBACK_DAYS } from "@/lib/usage/key-flags";
import { KeyFlagsCard } from "@/components/usage/key-flags-card";
import { KeyUsageSection } from "@/components/usage/key-usage-section";
import { keyUsageSearchSchema } from "@/lib/usage/range";

export const metadata = { title: "API key" };

const LAST_REQUESTS_PAGE_SIZE = 20;

export default async function KeyPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const parsedId = keyIdSchema.safeParse((await params).id);
  const { days, page } = keyUsageSearchSchema.parse(await searchParams);
  if (!parsedId.success) notFound();
  const ref = { keyId: parsedId.data, ownerId: user.id };
  const apiKey = await findKeyForOwner(ref);
  if (!apiKey) notFound();
  const [graceSecrets, events, scopeOptions, deprecatedScopes, overview, requests, called] = await Promise.all([
    listSecretsInGrace(ref),
    listAuditEventsForKey(ref.keyId, ref.ownerId),
    scopeOptionsFor(user.role, apiKey.scopes),
    listDeprecatedScopeNames(),
    usageOverview(ref, days),
    lastRequests({ ...ref, page, pageSize: LAST_REQUESTS_PAGE_SIZE }),
    routesCalledByKeys(ref.ownerId, [ref.keyId], SCOPE_LOOKBACK_DAYS),
  ]);
  const flags = keyFlags(apiKey, called.get(ref.keyId) ?? [], ROUTE_SCOPES);
  const revoked = apiKey.revokedAt !== null;

  return (
    <div className="space-y-6">
      <div>
        <Link href="/keys" className="text-sm text-zinc-500 hover:text-zinc-900">
          ← All keys
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight break-all">{apiKey.name}</h1>
          <EnvironmentBadge environment={apiKey.environment} />
          <StatusBadge status={keyStatus(apiKey)} />
        </div>
        {apiKey.description && <p className="mt-1 max-w-2xl text-sm text-zinc-600">{apiKey.description}</p>}
      </div>
      <GraceNotice secrets={graceSecrets} />
      <KeyFlagsCard keyId={apiKey.id} flags={flags} expiresAt={apiKey.expiresAt} />
      <KeyUsageSection apiKey={apiKey} overview={overview} days={days} page={page} requests={requests} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <Card title="Details">
            <KeyDetails apiKey={apiKey} deprecatedScopes={deprecatedScopes} />
          </Card>
          {revoked ? (
            <Card title="Settings">
              <p className="text-sm text-zinc-600">This key is revoked; its settings can no longer be changed.</p>
            </Card>
          ) : (
            <Card title="Settings" description="Changes apply to the next request made with this key.">
              <EditKeyForm keyId={apiKey.id} scopeOptions={scopeOptions} defaults={settingsDefaultsOf(apiKey)} />
            </Card>
          )}
        </div>
        <div className="space-y-6">
          {!revoked && (
            <Card title="IP allowlist" description="Limit where this key can be used from.">
              <IpAllowlistForm keyId={apiKey.id} allowlist={apiKey.ipAllowlist} />
            </Card>
          )}
          <Card title="Recent activity">
            <KeyActivity events={events} />
          </Card>
          <DangerZone keyId={apiKey.id} keyName={apiKey.name} revoked={revoked} />
        </div>
      </div>
    </div>
  );
}
