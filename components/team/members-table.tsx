import type { Member } from "@/db/queries/accounts";
import type { MemberRole } from "@/db/schema";
import { MEMBER_ROLES, ROLE_LABELS } from "@/lib/accounts/roles";
import { ConfirmAction } from "@/components/ui/confirm-action";
import type { TeamAction, TeamActionFields } from "./team-action";
import { MemberRoleSelect } from "./member-role-select";
import { When } from "@/components/ui/when";

const th = "px-4 py-2.5 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase";
const td = "px-4 py-3 align-top text-sm";

interface MembersTableProps {
  members: Member[];
  currentUserId: string;
  /** The viewer's role: what they may change is shown, nothing else. */
  viewerRole: MemberRole;
  accountName: string;
  actions: { changeRole: TeamAction; remove: TeamAction; fields?: TeamActionFields };
}

/** Whether the viewer may change this member at all: admins manage everyone but owners; owners manage everyone. */
function manageable(viewerRole: MemberRole, member: Member, currentUserId: string): boolean {
  if (member.userId === currentUserId) return false;
  if (viewerRole === "owner") return true;
  return viewerRole === "admin" && member.role !== "owner";
}

export function MembersTable({ members, currentUserId, viewerRole, accountName, actions }: MembersTableProps) {
  const roles: readonly MemberRole[] = viewerRole === "owner" ? MEMBER_ROLES : MEMBER_ROLES.filter((r) => r !== "owner");
  return (
    <div className="-mx-5 -my-4 overflow-x-auto">
      <table className="min-w-full divide-y divide-zinc-200">
        <thead className="bg-zinc-50/70">
          <tr>
            <th scope="col" className={th}>
              Member
            </th>
            <th scope="col" className={`${th} w-0 sm:w-auto`}>
              Role
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              Since
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {members.map((member) => {
            const canChange = manageable(viewerRole, member, currentUserId);
            return (
              <tr key={member.userId}>
                <td className={td}>
                  <p className="font-medium [overflow-wrap:anywhere] text-zinc-900">
                    {member.name}
                    {member.userId === currentUserId && (
                      <span className="ml-1.5 text-xs font-normal whitespace-nowrap text-zinc-500">(you)</span>
                    )}
                  </p>
                  <p className="text-xs [overflow-wrap:anywhere] text-zinc-500">{member.email}</p>
                </td>
                <td className={td}>
                  {canChange ? (
                    <div className="flex flex-wrap items-center gap-2">
                      <MemberRoleSelect
                        userId={member.userId}
                        name={member.name}
                        role={member.role}
                        roles={roles}
                        action={actions.changeRole}
                        fields={actions.fields}
                      />
                      <ConfirmAction
                        action={actions.remove}
                        input={{ ...actions.fields, userId: member.userId }}
                        trigger="Remove"
                        title={`Remove ${member.name}?`}
                        description={`${member.name} loses access to ${accountName} on their next request. Keys they made stay with the account.`}
                        confirm="Remove member"
                        done={`${member.name} was removed.`}
                      />
                    </div>
                  ) : (
                    <span className="text-zinc-700">{ROLE_LABELS[member.role]}</span>
                  )}
                </td>
                <td className={`${td} hidden whitespace-nowrap text-zinc-600 sm:table-cell`}>
                  <When date={member.since} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
