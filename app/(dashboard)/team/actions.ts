"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { inviteMember, revokeInvitation } from "@/lib/accounts/invitations";
import { changeMemberRole, createOrganization, leaveAccount, removeMember, transferOwnership } from "@/lib/accounts/members";
import { createServiceAccount, retireServiceAccount } from "@/lib/accounts/service-accounts";
import { authedAction } from "@/lib/http/server-action";
import {
  changeMemberRoleSchema,
  createOrganizationSchema,
  createServiceAccountSchema,
  invitationTargetSchema,
  inviteMemberSchema,
  memberTargetSchema,
  serviceAccountTargetSchema,
  transferOwnershipSchema,
  requestPlanSchema,
  withdrawPlanRequestSchema,
  closeAccountSchema,
} from "@/lib/validations/members";
import { closeAccount, requestPlan, withdrawPlanRequest } from "@/lib/accounts/billing";
import { chooseAccount } from "@/lib/http/session";

// Each action acts on the account chosen in the header: its id comes from the session, never the form. The `permission`
// option refuses a role that cannot do it before the input is read; the commands check again, with the rules that
// depend on whom they act on (only owners make owners, the last owner stays).

const TEAM = "/team";

export const createOrganizationAction = authedAction(createOrganizationSchema, async ({ name }, { actor }) => {
  const account = await createOrganization(actor, name);
  await chooseAccount(account.id);
  revalidatePath("/", "layout");
  return { ok: true, accountId: account.id };
});

/**
 * The link is in this one response and nowhere else. No revalidation: re-rendering the page inside this response
 * could unmount the dialog about to reveal it; the dialog refreshes the page once the reveal is closed.
 */
export const inviteMemberAction = authedAction(
  inviteMemberSchema,
  async (input, { account, actor }) => {
    const { path, expiresAt } = await inviteMember(actor, account.id, input);
    return { ok: true, path, email: input.email, expiresAt: expiresAt.toISOString() };
  },
  { permission: "members.manage", audit: "member.invite", account: "current" },
);

export const revokeInvitationAction = authedAction(
  invitationTargetSchema,
  async ({ invitationId }, { account, actor }) => {
    await revokeInvitation(actor, account.id, invitationId);
    revalidatePath(TEAM);
    return { ok: true };
  },
  { permission: "members.manage", audit: "member.invite.revoke", account: "current" },
);

export const changeMemberRoleAction = authedAction(
  changeMemberRoleSchema,
  async ({ userId, role }, { account, actor }) => {
    await changeMemberRole(actor, account.id, userId, role);
    revalidatePath(TEAM);
    return { ok: true };
  },
  { permission: "members.manage", audit: "member.role", account: "current" },
);

export const removeMemberAction = authedAction(
  memberTargetSchema,
  async ({ userId }, { account, actor }) => {
    await removeMember(actor, account.id, userId);
    revalidatePath(TEAM);
    return { ok: true };
  },
  { permission: "members.manage", audit: "member.remove", account: "current" },
);

// Any member may leave (the command refuses the last owner and personal accounts); the next request falls back to
// another of their accounts.
export const leaveAccountAction = authedAction(
  z.object({}).strict(),
  async (_input, { account, actor }) => {
    await leaveAccount(actor, account.id);
    revalidatePath("/", "layout");
    return { ok: true };
  },
  { account: "current" },
);

export const transferOwnershipAction = authedAction(
  transferOwnershipSchema,
  async ({ userId }, { account, actor }) => {
    await transferOwnership(actor, account.id, userId);
    revalidatePath(TEAM);
    return { ok: true };
  },
  { permission: "account.billing", audit: "account.transfer", account: "current" },
);

export const createServiceAccountAction = authedAction(
  createServiceAccountSchema,
  async (input, { account, actor }) => {
    const created = await createServiceAccount(actor, account.id, input);
    revalidatePath(TEAM);
    return { ok: true, serviceAccountId: created.id };
  },
  { permission: "members.manage", audit: "service_account.create", account: "current" },
);

export const retireServiceAccountAction = authedAction(
  serviceAccountTargetSchema,
  async ({ serviceAccountId }, { account, actor }) => {
    await retireServiceAccount(actor, account.id, serviceAccountId);
    revalidatePath(TEAM);
    revalidatePath("/keys");
    return { ok: true };
  },
  // Retiring revokes the service account's keys: as sensitive as revoking them one by one.
  { permission: "members.manage", audit: "service_account.retire", account: "current", stepUp: true },
);

export const requestPlanAction = authedAction(
  requestPlanSchema,
  async ({ plan }, { account, actor }) => {
    await requestPlan(actor, account.id, plan);
    revalidatePath(TEAM);
    return { ok: true };
  },
  { permission: "account.billing", audit: "account.plan_request", account: "current" },
);

export const withdrawPlanRequestAction = authedAction(
  withdrawPlanRequestSchema,
  async (_input, { account, actor }) => {
    await withdrawPlanRequest(actor, account.id);
    revalidatePath(TEAM);
    return { ok: true };
  },
  { permission: "account.billing", audit: "account.plan_request.withdraw", account: "current" },
);

/** Deleting the organisation ends everyone's access to it, the owner's included: back to their other accounts. */
export const closeAccountAction = authedAction(
  closeAccountSchema,
  async ({ confirmation }, { account, actor }) => {
    await closeAccount(actor, account.id, confirmation);
    revalidatePath("/", "layout");
    return { ok: true };
  },
  // Closing revokes every key of the organisation at once.
  { permission: "account.delete", audit: "account.close", account: "current", stepUp: true },
);
