"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/actions";
import { createKey, hideRevokedKey, revokeKey, rollKey, setKeyIpAllowlist, updateKey } from "@/lib/keys/lifecycle";
import {
  createKeySchema,
  ipAllowlistFormSchema,
  keyTargetSchema,
  rollKeySchema,
  updateKeyFormSchema,
} from "@/lib/validations/key";

// Each action acts on the signed-in user's own keys only: the owner id comes from the session, never the form.
// Create and roll do not revalidate: that would re-render the page inside this response and could unmount the dialog
// about to reveal the secret. The dialog refreshes the page itself once the reveal is closed.

export const createKeyAction = authedAction(
  createKeySchema,
  async (input, { user, actor }) => {
    const { key, secret } = await createKey(actor, user.id, input);
    // The only place the new secret ever leaves the server: this one response.
    return { ok: true, keyId: key.id, keyName: key.name, secret };
  },
  { arrays: ["scopes"] },
);

export const updateKeyAction = authedAction(
  updateKeyFormSchema,
  async ({ keyId, ...input }, { user, actor }) => {
    await updateKey(actor, { keyId, ownerId: user.id }, input);
    revalidatePath(`/keys/${keyId}`);
    return { ok: true };
  },
  { arrays: ["scopes"] },
);

export const rollKeyAction = authedAction(rollKeySchema, async ({ keyId, grace }, { user, actor }) => {
  const { key, secret } = await rollKey(actor, { keyId, ownerId: user.id }, grace);
  return { ok: true, keyId: key.id, keyName: key.name, secret };
});

export const revokeKeyAction = authedAction(keyTargetSchema, async ({ keyId }, { user, actor }) => {
  await revokeKey(actor, { keyId, ownerId: user.id });
  revalidatePath(`/keys/${keyId}`);
  return { ok: true };
});

export const hideKeyAction = authedAction(keyTargetSchema, async ({ keyId }, { user, actor }) => {
  await hideRevokedKey(actor, { keyId, ownerId: user.id });
  revalidatePath("/keys");
  return { ok: true };
});

export const updateIpAllowlistAction = authedAction(ipAllowlistFormSchema, async ({ keyId, ipAllowlist }, { user, actor }) => {
  await setKeyIpAllowlist(actor, { keyId, ownerId: user.id }, ipAllowlist);
  revalidatePath(`/keys/${keyId}`);
  return { ok: true };
});
