"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/http/server-action";
import { declinePlanRequest, setClientPlan, setClientStatus } from "@/lib/accounts/clients";
import { deleteClient } from "@/lib/accounts/user-deletion";
import { revokeInvitation } from "@/lib/accounts/invitations";
import { changeMemberRole, removeMember } from "@/lib/accounts/members";
import { retireServiceAccount } from "@/lib/accounts/service-accounts";
import { findClient } from "@/lib/accounts/admin-views";
import { createKey, hideRevokedKey, revokeKey, rollKey, setKeyIpAllowlist, updateKey } from "@/lib/keys/lifecycle";
import { notFound } from "@/lib/errors";
import { endGraceNow, setKeyDisabled } from "@/lib/keys/key-switches";
import type { User } from "@/db/schema";
import {
  adminChangeMemberRoleSchema,
  adminCreateKeySchema,
  adminInvitationTargetSchema,
  adminIpAllowlistSchema,
  adminKeyTargetSchema,
  adminMemberTargetSchema,
  adminRollKeySchema,
  adminServiceAccountTargetSchema,
  adminUpdateKeySchema,
  clientTargetSchema,
  setPlanSchema,
  setStatusSchema,
} from "@/lib/validations/admin";
import { adminDeleteClientSchema } from "@/lib/validations/profile";

// The admin acting for a client: every action is admin-only (checked by authedAction and again by the queries),
// names the client explicitly, and calls the same lifecycle as the client's own pages with the admin as the actor
// and the client's account as the tenant, so plan limits and audit rows are exactly those of the client's own path.
// Every one asks for step-up (lib/auth/step-up.ts): an admin's session left open is not a way into every client.

const page = (clientId: string) => `/admin/clients/${clientId}`;

async function clientAccount(admin: User, clientId: string): Promise<string> {
  const client = await findClient(admin, clientId);
  if (!client) throw notFound("Client");
  return client.id;
}

export const createClientKeyAction = authedAction(
  adminCreateKeySchema,
  async ({ clientId, input }, { user, actor }) => {
    const { key, secret } = await createKey(actor, await clientAccount(user, clientId), input);
    // Revealed once, to the admin, in this response only.
    return { ok: true, keyId: key.id, keyName: key.name, secret };
  },
  { role: "admin", arrays: ["scopes"], stepUp: true },
);

export const updateClientKeyAction = authedAction(
  adminUpdateKeySchema,
  async ({ clientId, keyId, input }, { user, actor }) => {
    await updateKey(actor, { keyId, accountId: await clientAccount(user, clientId) }, input);
    revalidatePath(`${page(clientId)}/keys/${keyId}`);
    return { ok: true };
  },
  { role: "admin", arrays: ["scopes"], stepUp: true },
);

export const rollClientKeyAction = authedAction(
  adminRollKeySchema,
  async ({ clientId, keyId, grace, submission }, { user, actor }) => {
    const ref = { keyId, accountId: await clientAccount(user, clientId) };
    const { key, secret } = await rollKey(actor, ref, grace, { submission });
    return { ok: true, keyId: key.id, keyName: key.name, secret };
  },
  { role: "admin", stepUp: true },
);

export const revokeClientKeyAction = authedAction(
  adminKeyTargetSchema,
  async ({ clientId, keyId }, { user, actor }) => {
    await revokeKey(actor, { keyId, accountId: await clientAccount(user, clientId) });
    revalidatePath(page(clientId));
    return { ok: true };
  },
  { role: "admin", stepUp: true },
);

export const disableClientKeyAction = authedAction(
  adminKeyTargetSchema,
  async ({ clientId, keyId }, { user, actor }) => {
    await setKeyDisabled(actor, { keyId, accountId: await clientAccount(user, clientId) }, true);
    revalidatePath(`${page(clientId)}/keys/${keyId}`);
    return { ok: true };
  },
  { role: "admin", stepUp: true },
);

export const enableClientKeyAction = authedAction(
  adminKeyTargetSchema,
  async ({ clientId, keyId }, { user, actor }) => {
    await setKeyDisabled(actor, { keyId, accountId: await clientAccount(user, clientId) }, false);
    revalidatePath(`${page(clientId)}/keys/${keyId}`);
    return { ok: true };
  },
  { role: "admin", stepUp: true },
);

export const endClientKeyGraceAction = authedAction(
  adminKeyTargetSchema,
  async ({ clientId, keyId }, { user, actor }) => {
    await endGraceNow(actor, { keyId, accountId: await clientAccount(user, clientId) });
    revalidatePath(`${page(clientId)}/keys/${keyId}`);
    return { ok: true };
  },
  { role: "admin", stepUp: true },
);

export const hideClientKeyAction = authedAction(
  adminKeyTargetSchema,
  async ({ clientId, keyId }, { user, actor }) => {
    await hideRevokedKey(actor, { keyId, accountId: await clientAccount(user, clientId) });
    revalidatePath(page(clientId));
    return { ok: true };
  },
  { role: "admin", stepUp: true },
);

export const updateClientIpAllowlistAction = authedAction(
  adminIpAllowlistSchema,
  async ({ clientId, keyId, ipAllowlist }, { user, actor }) => {
    await setKeyIpAllowlist(actor, { keyId, accountId: await clientAccount(user, clientId) }, ipAllowlist);
    revalidatePath(`${page(clientId)}/keys/${keyId}`);
    return { ok: true };
  },
  { role: "admin", stepUp: true },
);

export const setClientPlanAction = authedAction(
  setPlanSchema,
  async ({ clientId, plan }, { actor }) => {
    await setClientPlan({ actor, clientId }, plan);
    revalidatePath(page(clientId));
    return { ok: true };
  },
  { role: "admin", stepUp: true },
);

export const setClientStatusAction = authedAction(
  setStatusSchema,
  async ({ clientId, status }, { actor }) => {
    await setClientStatus({ actor, clientId }, status);
    revalidatePath(page(clientId));
    return { ok: true };
  },
  { role: "admin", stepUp: true },
);

/** A personal client's person is deleted as if by themselves; an organisation is closed as by its owner. */
export const deleteClientAction = authedAction(
  adminDeleteClientSchema,
  async ({ clientId, confirmation }, { actor }) => {
    await deleteClient(actor, clientId, confirmation);
    revalidatePath("/admin/clients");
    return { ok: true };
  },
  { role: "admin", audit: "account.delete", stepUp: true },
);

export const declinePlanRequestAction = authedAction(
  clientTargetSchema,
  async ({ clientId }, { actor }) => {
    await declinePlanRequest({ actor, clientId });
    revalidatePath(page(clientId));
    return { ok: true };
  },
  { role: "admin", stepUp: true },
);

// The client's people, managed on its behalf. The commands are the team page's own: the admin's actor has no
// membership, so it passes their permission checks as the account's owner would (lib/accounts/roles.ts), and the
// account's rules still hold (the last owner stays an owner). Rows are audited with the admin as the actor.

export const changeClientMemberRoleAction = authedAction(
  adminChangeMemberRoleSchema,
  async ({ clientId, userId, role }, { user, actor }) => {
    await changeMemberRole(actor, await clientAccount(user, clientId), userId, role);
    revalidatePath(page(clientId));
    return { ok: true };
  },
  { role: "admin", stepUp: true },
);

export const removeClientMemberAction = authedAction(
  adminMemberTargetSchema,
  async ({ clientId, userId }, { user, actor }) => {
    await removeMember(actor, await clientAccount(user, clientId), userId);
    revalidatePath(page(clientId));
    return { ok: true };
  },
  { role: "admin", stepUp: true },
);

export const revokeClientInvitationAction = authedAction(
  adminInvitationTargetSchema,
  async ({ clientId, invitationId }, { user, actor }) => {
    await revokeInvitation(actor, await clientAccount(user, clientId), invitationId);
    revalidatePath(page(clientId));
    return { ok: true };
  },
  { role: "admin", stepUp: true },
);

export const retireClientServiceAccountAction = authedAction(
  adminServiceAccountTargetSchema,
  async ({ clientId, serviceAccountId }, { user, actor }) => {
    await retireServiceAccount(actor, await clientAccount(user, clientId), serviceAccountId);
    revalidatePath(page(clientId));
    return { ok: true };
  },
  { role: "admin", stepUp: true },
);
