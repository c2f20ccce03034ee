import type { OpenInvitation } from "@/db/queries/invitations";
import { ROLE_LABELS } from "@/lib/accounts/roles";
import { ConfirmAction } from "@/components/ui/confirm-action";
import type { TeamAction, TeamActionFields } from "./team-action";
import { When } from "@/components/ui/when";

/** Invitations not yet accepted or revoked; an expired one stays until it is revoked or the address invited again. */
export function InvitationsList({
  invitations,
  now,
  revoke,
  fields,
}: {
  invitations: OpenInvitation[];
  now: Date;
  /** Absent for those who may not manage members: the list is then read-only. */
  revoke?: TeamAction;
  fields?: TeamActionFields;
}) {
  if (invitations.length === 0) return <p className="text-sm text-zinc-600">No open invitations.</p>;
  return (
    <ul className="-my-2 divide-y divide-zinc-100">
      {invitations.map((invitation) => {
        const expired = invitation.expiresAt <= now;
        return (
          <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
            <div className="min-w-0">
              <p className="text-sm font-medium break-all text-zinc-900">{invitation.email}</p>
              <p className="text-xs text-zinc-500">
                {ROLE_LABELS[invitation.role]}
                {invitation.invitedByName && <> · invited by {invitation.invitedByName}</>} ·{" "}
                {expired ? (
                  <span className="font-medium text-red-700">
                    expired <When date={invitation.expiresAt} />
                  </span>
                ) : (
                  <>
                    expires <When date={invitation.expiresAt} />
                  </>
                )}
              </p>
            </div>
            {revoke && (
              <ConfirmAction
                action={revoke}
                input={{ ...fields, invitationId: invitation.id }}
                trigger="Revoke"
                title="Revoke this invitation?"
                description={`The link sent to ${invitation.email} stops working.`}
                confirm="Revoke invitation"
                done="Invitation revoked."
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}
