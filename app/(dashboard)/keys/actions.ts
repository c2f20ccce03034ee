"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/http/server-action";
import { createKey, hideRevokedKey, revokeKey, rollKey, setKeyIpAllowlist, updateKey } from "@/lib/keys/lifecycle";
import {
  createKeySchema,
  ipAllowlistFormSchema,
  keyTargetSchema,
  rollKeySchema,
  updateKeyFormSchema,
} from "@/lib/validations/key";
import { endGraceNow, setKeyDisabled } from "@/lib/keys/key-switches";
import { keyFlagsFor } from "./key-flags";
import { isLiveKey } from "./live-key";
import { readUsableTemplate } from "@/lib/keys/template-reads";

// Each action acts on the keys of the account chosen in the header only: the account id comes from the session, never
// the form, and the member's role there must allow changing keys (the lifecycle checks it again).
// Create and roll do not revalidate: that would re-render the page inside this response and could unmount the dialog
// about to reveal the secret. The dialog refreshes the page itself once the reveal is closed.
// Sensitive ones (`stepUp`, lib/auth/step-up.ts) ask for the password again when the sign-in is over 10 minutes old:
// making or rolling a live key, revoking any key, changing an allowlist.

export const createKeyAction = authedAction(
  createKeySchema,
  async ({ template, ...input }, { account, actor }) => {
    // Only a template this account may use is named in the key's audit row; any other id is not found (audited).
    const from = template ? await readUsableTemplate(actor, account.id, template, "key.create") : null;
    const { key, secret } = await createKey(actor, account.id, { ...input, ...(from && { fromTemplate: from.name }) });
    // The only place the new secret ever leaves the server: this one response.
    return { ok: true, keyId: key.id, keyName: key.name, secret };
  },
  {
    arrays: ["scopes"],
    permission: "keys.write",
    account: "current",
    audit: "key.write",
    stepUp: (input) => input.environment === "live",
  },
);

export const updateKeyAction = authedAction(
  updateKeyFormSchema,
  async ({ keyId, ...input }, { account, actor }) => {
    await updateKey(actor, { keyId, accountId: account.id }, input);
    revalidatePath(`/keys/${keyId}`);
    return { ok: true };
  },
  { arrays: ["scopes"], permission: "keys.write", account: "current", audit: "key.write" },
);

export const rollKeyAction = authedAction(
  rollKeySchema,
  async ({ keyId, grace, submission }, { account, actor }) => {
    const { key, secret } = await rollKey(actor, { keyId, accountId: account.id }, grace, { submission });
    return { ok: true, keyId: key.id, keyName: key.name, secret };
  },
  {
    permission: "keys.write",
    account: "current",
    audit: "key.write",
    stepUp: ({ keyId }, { account }) => isLiveKey({ keyId, accountId: account.id }),
  },
);

export const revokeKeyAction = authedAction(
  keyTargetSchema,
  async ({ keyId }, { account, actor }) => {
    await revokeKey(actor, { keyId, accountId: account.id });
    revalidatePath(`/keys/${keyId}`);
    return { ok: true };
  },
  { permission: "keys.write", account: "current", audit: "key.write", stepUp: true },
);

export const disableKeyAction = authedAction(
  keyTargetSchema,
  async ({ keyId }, { account, actor }) => {
    await setKeyDisabled(actor, { keyId, accountId: account.id }, true);
    revalidatePath(`/keys/${keyId}`);
    revalidatePath("/keys");
    return { ok: true };
  },
  { permission: "keys.write", account: "current", audit: "key.write" },
);

export const enableKeyAction = authedAction(
  keyTargetSchema,
  async ({ keyId }, { account, actor }) => {
    await setKeyDisabled(actor, { keyId, accountId: account.id }, false);
    revalidatePath(`/keys/${keyId}`);
    revalidatePath("/keys");
    return { ok: true };
  },
  { permission: "keys.write", account: "current", audit: "key.write" },
);

export const endGraceAction = authedAction(
  keyTargetSchema,
  async ({ keyId }, { account, actor }) => {
    await endGraceNow(actor, { keyId, accountId: account.id });
    revalidatePath(`/keys/${keyId}`);
    return { ok: true };
  },
  { permission: "keys.write", account: "current", audit: "key.write" },
);

export const hideKeyAction = authedAction(
  keyTargetSchema,
  async ({ keyId }, { account, actor }) => {
    await hideRevokedKey(actor, { keyId, accountId: account.id });
    revalidatePath("/keys");
    return { ok: true };
  },
  { permission: "keys.write", account: "current", audit: "key.write" },
);

export const updateIpAllowlistAction = authedAction(
  ipAllowlistFormSchema,
  async ({ keyId, ipAllowlist }, { account, actor }) => {
    await setKeyIpAllowlist(actor, { keyId, accountId: account.id }, ipAllowlist);
    revalidatePath(`/keys/${keyId}`);
    return { ok: true };
  },
  { permission: "keys.write", account: "current", audit: "key.write", stepUp: true },
);

/**
 * Narrows a key to the scopes its calls of the last 30 days needed. The scopes are worked out here from the key's own
 * usage, never taken from the form; a key none of whose scopes were used is left alone rather than narrowed to nothing.
 */
export const narrowScopesAction = authedAction<typeof keyTargetSchema, { scopes?: string[] }>(
  keyTargetSchema,
  async ({ keyId }, { account, actor }) => {
    const ref = { keyId, accountId: account.id };
    const flagsOf = await keyFlagsFor(account.id, [keyId]);
    let narrowed: string[] = [];
    // Decided on the key as it is once locked, so that a concurrent edit of its scopes is not undone.
    await updateKey(actor, ref, (current) => {
      const broad = flagsOf(current).broadScopes;
      if (!broad || broad.used.length === 0) throw new NothingToNarrow();
      narrowed = broad.used;
      return {
        name: current.name,
        description: current.description,
        rateLimit: current.rateLimit,
        rateLimitWindow: current.rateLimitWindow,
        scopes: broad.used,
        // Undefined keeps the expiry as it is.
        expiresAt: undefined,
      };
    }).catch((error: unknown) => {
      if (!(error instanceof NothingToNarrow)) throw error;
    });
    if (narrowed.length === 0) return { ok: false, error: "This key has no scopes to narrow." };
    revalidatePath(`/keys/${keyId}`);
    revalidatePath("/keys");
    return { ok: true, scopes: narrowed };
  },
  { permission: "keys.write", account: "current", audit: "key.write" },
);

class NothingToNarrow extends Error {}
