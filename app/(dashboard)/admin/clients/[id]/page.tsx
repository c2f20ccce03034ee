import { When } from "@/components/ui/when";
import { usersWithTwoFactor } from "@/db/queries/two-factor";
import { TwoFactorBadge } from "@/components/admin/two-factor-badge";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/http/session";
import { findClient } from "@/lib/accounts/admin-views";
import { adminUsage } from "@/lib/accounts/admin-views";
import { listKeysPage } from "@/db/queries/keys";
import { keyListSearchSchema } from "@/lib/validations/key";
import { KeyListControls, KeyListPager } from "@/components/keys/key-list-controls";
import { listMembers } from "@/db/queries/accounts";
import { listOpenInvitations } from "@/db/queries/invitations";
import { listServiceAccounts } from "@/db/queries/service-accounts";
import { listPlans } from "@/db/queries/plans";
import { listDeprecatedScopeNames } from "@/db/queries/scopes";
import { scopeOptionsFor } from "@/lib/keys/scope-options";
import { planStanding } from "@/lib/plans/standing";
import { clientIdSchema } from "@/lib/validations/admin";
import { formatDateTime } from "@/lib/format";
import { Card } from "@/components/ui/card";
import { KeysTable } from "@/components/keys/keys-table";
import { CreateKeyDialog } from "@/components/keys/create-key-dialog";
import { UsagePanel } from "@/components/usage/usage-panel";
import { AccountStatusBadge, PlanBadge } from "@/components/admin/plan-badge";
import { ClientPlanForm, ClientStatusButton, PlanRequestAnswer } from "@/components/admin/client-controls";
import { DeleteAccountDialog } from "@/components/account/delete-account-dialog";
import { deletionPreview } from "@/lib/accounts/user-deletion";
import { deletionConsequence } from "@/lib/plans/consequences";
import { InvitationsList } from "@/components/team/invitations-list";
import { MembersTable } from "@/components/team/members-table";
import { ServiceAccountsList } from "@/components/team/service-accounts-list";
import {
  changeClientMemberRoleAction,
  createClientKeyAction,
  disableClientKeyAction,
  enableClientKeyAction,
  hideClientKeyAction,
  revokeClientKeyAction,
  rollClientKeyAction,
  declinePlanRequestAction,
  deleteClientAction,
  removeClientMemberAction,
  retireClientServiceAccountAction,
  revokeClientInvitationAction,
  setClientPlanAction,
  setClientStatusAction,
} from "../actions";

export const metadata = { title: "Client" };

const DAYS = 30;

export default async function ClientPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdmin();
  const keyList = keyListSearchSchema.parse(await searchParams);
  const parsed = clientIdSchema.safeParse((await params).id);
  if (!parsed.success) notFound();
  const client = await findClient(admin, parsed.data);
  if (!client) notFound();
  // The admin may grant admin-only scopes to a client's key; the client's plan still bounds the rest.
  const organization = client.kind === "organization";
  const planRead = planStanding(client.id);
  const [keys, plan, plans, usage, scopeOptions, deprecatedScopes, members, invitations, serviceAccounts] = await Promise.all([
    listKeysPage(client.id, keyList),
    planRead,
    listPlans(),
    adminUsage(admin, DAYS, client.id),
    planRead.then((standing) => scopeOptionsFor("admin", [], undefined, standing)),
    listDeprecatedScopeNames(),
    listMembers(client.id),
    organization ? listOpenInvitations(client.id) : [],
    listServiceAccounts(client.id),
  ]);
  // What deleting the client would do: a personal client's person goes, with every account they own alone.
  const deletion = client.closedAt
    ? null
    : organization
      ? { closing: [{ name: client.name, kind: client.kind, activeKeys: plan.activeKeys }], leaving: [] }
      : await deletionPreview(client.id);
  // Who of the client's people signs in with a second factor: a badge, never more than on or off.
  const withTwoFactor = await usersWithTwoFactor(members.map((m) => m.userId));
  const lastSignIn = members.map((m) => m.lastSignInAt).reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null);
  const base = `/admin/clients/${client.id}`;
  // What a suspension or a downgrade would cut off, for their confirmations.
  const standing = { name: client.name, activeKeys: plan.activeKeys, members: members.length };
  // Every change below names the client; the admin acts as its owner would, audited as themselves.
  const fields = { clientId: client.id };

  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin/clients" className="text-sm text-zinc-500 hover:text-zinc-900">
          ← All clients
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight break-all">{client.name}</h1>
          <PlanBadge plan={client.plan} />
          <AccountStatusBadge status={client.status} />
          <TwoFactorBadge withTwoFactor={withTwoFactor.size} members={members.length} />
          {client.closedAt && (
            <span className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs font-medium text-zinc-700">
              Deleted <When date={client.closedAt} show="datetime" />
            </span>
          )}
        </div>
        <p className="mt-1 text-sm text-zinc-600">
          {organization ? "Organisation" : "Personal account"} · {members.length} member
          {members.length === 1 ? "" : "s"} · created <When date={client.createdAt} show="datetime" /> · last sign-in{" "}
          <When date={lastSignIn} show="datetime" fallback="never" />
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Plan" description="What this client's keys may do. Limits apply on every path, yours included.">
          {client.requestedPlan && (
            <div className="mb-4">
              <PlanRequestAnswer
                clientId={client.id}
                requested={client.requestedPlan}
                requestedAt={formatDateTime(client.planRequestedAt)}
                setPlan={setClientPlanAction}
                decline={declinePlanRequestAction}
              />
            </div>
          )}
          <ClientPlanForm
            clientId={client.id}
            plan={client.plan}
            client={standing}
            plans={plans.map((plan) => ({ name: plan.name, description: plan.description, maxActiveKeys: plan.maxActiveKeys }))}
            setPlan={setClientPlanAction}
          />
        </Card>
        <Card title="Account">
          <div className="space-y-6">
            <ClientStatusButton clientId={client.id} client={standing} status={client.status} setStatus={setClientStatusAction} />
            {deletion && (
              <div className="space-y-3 border-t border-zinc-100 pt-4">
                <p className="text-sm text-zinc-600">
                  {organization
                    ? "Deleting closes the organisation as its owner would: keys revoked, webhooks off, members removed."
                    : "Deleting removes the person, as if they deleted themselves: accounts they own alone are closed."}{" "}
                  The audit trail is kept.
                </p>
                <DeleteAccountDialog
                  trigger="Delete client"
                  title={`Delete ${client.name}?`}
                  consequence={deletionConsequence(deletion, client.name)}
                  confirmLabel="Type the client's name to confirm"
                  confirmHint={client.name}
                  askPassword={false}
                  action={deleteClientAction}
                  fields={fields}
                  done={`${client.name} was deleted.`}
                  redirectTo="/admin/clients"
                />
              </div>
            )}
          </div>
        </Card>
      </div>
      <Card
        title="Members"
        description={
          organization
            ? "People who can sign in to this account, and their role in it. Your changes are audited as you acting for the client; the last owner stays an owner."
            : "A personal account has one member, its owner."
        }
      >
        <MembersTable
          members={members}
          currentUserId={admin.id}
          // On an organisation the admin may do what its owners may; a personal account's one member stays as it is.
          viewerRole={organization ? "owner" : "viewer"}
          accountName={client.name}
          actions={{ changeRole: changeClientMemberRoleAction, remove: removeClientMemberAction, fields }}
        />
      </Card>
      {organization && (
        <Card title="Open invitations" description="Links sent and not yet used. Revoking one stops its link working.">
          <InvitationsList invitations={invitations} now={new Date()} revoke={revokeClientInvitationAction} fields={fields} />
        </Card>
      )}
      <Card
        title="Service accounts"
        description="Non-human members holding the client's machine keys. Retiring one revokes its keys."
      >
        <ServiceAccountsList serviceAccounts={serviceAccounts} retire={retireClientServiceAccountAction} fields={fields} />
      </Card>
      <Card
        title="Keys"
        description="Keys you create here are the client's; the secret is shown to you once."
        actions={
          <CreateKeyDialog
            scopeOptions={scopeOptions}
            plan={plan}
            label="Create key for client"
            action={createClientKeyAction}
            hiddenFields={{ clientId: client.id }}
          />
        }
      >
        <div className="space-y-4">
          {(keyList.q || keyList.after || keys.total > 10) && (
            <KeyListControls path={base} q={keyList.q} total={keys.total} shown={keys.keys.length} after={keyList.after} />
          )}
          {keys.keys.length === 0 ? (
            <p className="text-sm text-zinc-600">{keyList.q ? `No key matches “${keyList.q}”.` : "This client has no keys."}</p>
          ) : (
            <KeysTable
              keys={keys.keys}
              now={new Date()}
              basePath={`${base}/keys`}
              deprecatedScopes={deprecatedScopes}
              rowActions={{
                roll: rollClientKeyAction,
                disable: disableClientKeyAction,
                enable: enableClientKeyAction,
                revoke: revokeClientKeyAction,
                hide: hideClientKeyAction,
                fields: { clientId: client.id },
                listHref: base,
              }}
            />
          )}
          {(keyList.after || keys.nextAfter) && (
            <KeyListPager path={base} q={keyList.q} after={keyList.after} nextAfter={keys.nextAfter} />
          )}
        </div>
      </Card>
      <Card title="Usage" description={`The last ${DAYS} days.`}>
        <UsagePanel overview={usage} days={DAYS} />
      </Card>
      <Card title="Audit trail">
        <Link href={`/admin/audit?account=${client.id}`} className="text-sm font-medium text-zinc-900 underline">
          See everything done on this client&apos;s account
        </Link>
      </Card>
    </div>
  );
}
