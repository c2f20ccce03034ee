import { notFound } from "next/navigation";
import { listAuditEventsForKey } from "@/db/queries/audit";
import { findKeyPeople } from "@/db/queries/key-people";
import { findKeyForAccount, listSecretsInGrace } from "@/db/queries/keys";
import { listDeprecatedScopeNames } from "@/db/queries/scopes";
import { findClient } from "@/lib/accounts/admin-views";
import { requireAdmin } from "@/lib/http/session";
import { keyPeopleFor } from "@/lib/keys/key-people";
import { scopeOptionsFor } from "@/lib/keys/scope-options";
import { planStanding } from "@/lib/plans/standing";
import { clientIdSchema } from "@/lib/validations/admin";
import { keyIdSchema } from "@/lib/validations/key";
import { KeyManager } from "@/components/keys/key-manager";
import { peekUsageQuota } from "@/lib/keys/usage-quota";
import {
  disableClientKeyAction,
  enableClientKeyAction,
  endClientKeyGraceAction,
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
  const ref = { keyId: keyId.data, accountId: client.id };
  const apiKey = await findKeyForAccount(ref);
  if (!apiKey) notFound();
  const [graceSecrets, events, scopeOptions, deprecatedScopes, peopleRow, allowance] = await Promise.all([
    listSecretsInGrace(ref),
    listAuditEventsForKey(ref.keyId, ref.accountId),
    planStanding(client.id).then((standing) => scopeOptionsFor("admin", apiKey.scopes, undefined, standing)),
    listDeprecatedScopeNames(),
    findKeyPeople(ref),
    // What the key has used of its usage quota this period (a key without one: no query).
    peekUsageQuota(apiKey),
  ]);
  const base = `/admin/clients/${client.id}`;

  return (
    <KeyManager
      apiKey={apiKey}
      allowance={allowance}
      back={{ href: base, label: client.name }}
      subtitle={`A key of ${client.name}. Your changes are audited as you acting for them.`}
      graceSecrets={graceSecrets}
      events={events}
      scopeOptions={scopeOptions}
      deprecatedScopes={deprecatedScopes}
      people={keyPeopleFor(peopleRow, "admin")}
      actions={{
        update: updateClientKeyAction,
        allowlist: updateClientIpAllowlistAction,
        roll: rollClientKeyAction,
        disable: disableClientKeyAction,
        enable: enableClientKeyAction,
        endGrace: endClientKeyGraceAction,
        revoke: revokeClientKeyAction,
        hide: hideClientKeyAction,
        fields: { clientId: client.id },
        listHref: base,
      }}
    />
  );
}
