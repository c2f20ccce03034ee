import { listMembers } from "@/db/queries/accounts";
import { listOpenInvitations } from "@/db/queries/invitations";
import { listServiceAccounts } from "@/db/queries/service-accounts";
import { countClientActiveKeys, listPlans } from "@/db/queries/plans";
import { can, MEMBER_ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/accounts/roles";
import { requireSession } from "@/lib/http/session";
import { SERVICE_ACCOUNT_ROLES } from "@/lib/validations/members";
import { Card } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { CreateOrganizationForm } from "@/components/team/create-organization-form";
import { CreateServiceAccountDialog } from "@/components/team/create-service-account-dialog";
import { InvitationsList } from "@/components/team/invitations-list";
import { InviteMemberDialog } from "@/components/team/invite-member-dialog";
import { MembersTable } from "@/components/team/members-table";
import { ServiceAccountsList } from "@/components/team/service-accounts-list";
import { TransferOwnership } from "@/components/team/transfer-ownership";
import { PlanRequest } from "@/components/team/plan-request";
import { CloseAccount } from "@/components/team/close-account";
import {
  changeMemberRoleAction,
  createOrganizationAction,
  createServiceAccountAction,
  inviteMemberAction,
  leaveAccountAction,
  removeMemberAction,
  retireServiceAccountAction,
  revokeInvitationAction,
  transferOwnershipAction,
  requestPlanAction,
  withdrawPlanRequestAction,
  closeAccountAction,
} from "./actions";

export const metadata = { title: "Team" };

export default async function TeamPage() {
  const { user, account, role } = await requireSession();
  const manage = can(role, "members.manage");
  const owner = role === "owner";
  const organization = account.kind === "organization";
  const [members, invitations, serviceAccounts, plans, liveKeys] = await Promise.all([
    listMembers(account.id),
    manage && organization ? listOpenInvitations(account.id) : [],
    listServiceAccounts(account.id),
    listPlans(),
    owner && organization ? countClientActiveKeys(account.id) : 0,
  ]);
  const now = new Date();
  // Every change names the account this page shows: one made after another tab switched accounts is refused.
  const fields = { accountId: account.id };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight">Team</h1>
          <p className="mt-1 text-sm break-words text-zinc-600">
            <span className="font-medium text-zinc-900">{account.name}</span> ·{" "}
            {organization ? "Organisation" : "Personal account"} · you are {ROLE_LABELS[role].toLowerCase()}:{" "}
            {ROLE_DESCRIPTIONS[role].charAt(0).toLowerCase() + ROLE_DESCRIPTIONS[role].slice(1)}
          </p>
        </div>
        {manage && organization && (
          <InviteMemberDialog
            action={inviteMemberAction}
            fields={fields}
            roles={owner ? MEMBER_ROLES : MEMBER_ROLES.filter((r) => r !== "owner")}
          />
        )}
      </div>

      <Card
        title="Members"
        description={organization ? undefined : "A personal account has one member. Create an organisation to work with others."}
      >
        <MembersTable
          members={members}
          currentUserId={user.id}
          viewerRole={manage ? role : "viewer"}
          accountName={account.name}
          actions={{ changeRole: changeMemberRoleAction, remove: removeMemberAction, fields }}
        />
      </Card>

      {manage && organization && (
        <Card title="Open invitations" description="Each link works once, for the address it was made for, for 7 days.">
          <InvitationsList invitations={invitations} now={now} revoke={revokeInvitationAction} fields={fields} />
        </Card>
      )}

      <Card
        title="Service accounts"
        description="Hold keys for machines (CI, servers) so that no key depends on a person."
        actions={
          manage && (
            <CreateServiceAccountDialog action={createServiceAccountAction} roles={SERVICE_ACCOUNT_ROLES} fields={fields} />
          )
        }
      >
        <ServiceAccountsList
          serviceAccounts={serviceAccounts}
          retire={manage ? retireServiceAccountAction : undefined}
          fields={fields}
        />
      </Card>

      <Card title="Plan" description="What the account's keys may do: how many, how fast, with which scopes.">
        <PlanRequest
          plan={account.plan}
          plans={plans.map((p) => ({ name: p.name, description: p.description }))}
          request={account.requestedPlan ? { plan: account.requestedPlan, at: account.planRequestedAt } : null}
          canRequest={owner}
          requestPlan={requestPlanAction}
          withdraw={withdrawPlanRequestAction}
          fields={fields}
        />
      </Card>

      <Card
        title="Create an organisation"
        description="Share keys, usage and the audit trail with your team. You become its owner."
      >
        <CreateOrganizationForm action={createOrganizationAction} />
      </Card>

      {organization && (
        <Card title={owner ? "Leave, hand over or delete" : "Leave or hand over"} tone="danger">
          <div className="space-y-5">
            {owner && (
              <div className="space-y-2">
                <h3 className="text-sm font-medium text-zinc-900">Transfer ownership</h3>
                <TransferOwnership
                  candidates={members.filter((m) => m.userId !== user.id)}
                  accountName={account.name}
                  action={transferOwnershipAction}
                  fields={fields}
                />
              </div>
            )}
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p className="text-sm text-zinc-600">
                Leave {account.name}: you lose access at once.{owner && " An account's last owner cannot leave it."}
              </p>
              <ConfirmAction
                action={leaveAccountAction}
                input={fields}
                trigger="Leave account"
                title={`Leave ${account.name}?`}
                description="You lose access to its keys, usage and audit trail. Someone who manages its members can invite you again."
                confirm="Leave account"
                done={`You left ${account.name}.`}
                redirectTo="/keys"
                size="md"
              />
            </div>
            {owner && (
              <div className="flex flex-wrap items-center justify-between gap-3 border-t border-red-100 pt-5">
                <p className="text-sm text-zinc-600">
                  Delete {account.name}: its keys stop working at once and every member loses access.
                </p>
                <CloseAccount accountName={account.name} liveKeys={liveKeys} action={closeAccountAction} fields={fields} />
              </div>
            )}
          </div>
        </Card>
      )}
    </div>
  );
}
