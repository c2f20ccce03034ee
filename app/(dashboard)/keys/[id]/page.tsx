import { notFound } from "next/navigation";
import { listAuditEventsForKey } from "@/db/queries/audit";
import { findKeyForAccount, listSecretsInGrace } from "@/db/queries/keys";
import { listDeprecatedScopeNames } from "@/db/queries/scopes";
import { findKeyPeople } from "@/db/queries/key-people";
import { lastRequests, usageOverview } from "@/db/queries/usage-analytics";
import { requireSession } from "@/lib/http/session";
import { can } from "@/lib/accounts/roles";
import { keyPeopleFor } from "@/lib/keys/key-people";
import { scopeOptionsFor } from "@/lib/keys/scope-options";
import { planStanding } from "@/lib/plans/standing";
import { keyUsageSearchSchema } from "@/lib/usage/range";
import { keyIdSchema } from "@/lib/validations/key";
import { KeyManager } from "@/components/keys/key-manager";
import { peekUsageQuota } from "@/lib/keys/usage-quota";
import { KeyFlagsCard } from "@/components/usage/key-flags-card";
import { KeyUsageSection } from "@/components/usage/key-usage-section";
import {
  disableKeyAction,
  enableKeyAction,
  endGraceAction,
  hideKeyAction,
  narrowScopesAction,
  revokeKeyAction,
  rollKeyAction,
  updateIpAllowlistAction,
  updateKeyAction,
} from "../actions";
import { keyFlagsFor } from "../key-flags";

export const metadata = { title: "API key" };

const LAST_REQUESTS_PAGE_SIZE = 20;

const ACTIONS = {
  update: updateKeyAction,
  allowlist: updateIpAllowlistAction,
  roll: rollKeyAction,
  disable: disableKeyAction,
  enable: enableKeyAction,
  endGrace: endGraceAction,
  revoke: revokeKeyAction,
  hide: hideKeyAction,
  listHref: "/keys",
};

export default async function KeyPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user, account, role } = await requireSession();
  const parsedId = keyIdSchema.safeParse((await params).id);
  const { days, page } = keyUsageSearchSchema.parse(await searchParams);
  if (!parsedId.success) notFound();
  const ref = { keyId: parsedId.data, accountId: account.id };
  const [apiKey, standing] = await Promise.all([findKeyForAccount(ref), planStanding(account.id)]);
  if (!apiKey) notFound();
  const [graceSecrets, events, scopeOptions, deprecatedScopes, overview, requests, flagsOf, peopleRow, allowance] =
    await Promise.all([
      listSecretsInGrace(ref),
      listAuditEventsForKey(ref.keyId, ref.accountId),
      scopeOptionsFor(user.role, apiKey.scopes, role, standing),
      listDeprecatedScopeNames(),
      usageOverview(ref, days),
      lastRequests({ ...ref, page, pageSize: LAST_REQUESTS_PAGE_SIZE }),
      keyFlagsFor(ref.accountId, [ref.keyId]),
      // Maker and holder in one read, beside the others.
      findKeyPeople(ref),
      // What the key has used of its usage quota this period (a key without one: no query).
      peekUsageQuota(apiKey),
    ]);
  const flags = flagsOf(apiKey);
  const people = keyPeopleFor(peopleRow, "member");

  return (
    <KeyManager
      apiKey={apiKey}
      allowance={allowance}
      back={{ href: "/keys", label: "All keys" }}
      subtitle={apiKey.description}
      people={people}
      graceSecrets={graceSecrets}
      events={events}
      scopeOptions={scopeOptions}
      deprecatedScopes={deprecatedScopes}
      // The account this page shows: an action refuses to run if another tab has switched accounts since.
      actions={{ ...ACTIONS, fields: { accountId: account.id } }}
      readOnly={!can(role, "keys.write")}
      plan={standing}
    >
      <KeyFlagsCard
        keyId={apiKey.id}
        flags={flags}
        expiresAt={apiKey.expiresAt}
        narrow={narrowScopesAction}
        fields={{ accountId: account.id }}
      />
      <KeyUsageSection apiKey={apiKey} overview={overview} days={days} page={page} requests={requests} />
    </KeyManager>
  );
}
