"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/http/server-action";
import {
  createEndpoint,
  deleteEndpoint,
  resendDelivery,
  rollEndpointSecret,
  sendTestMessage,
  updateEndpoint,
} from "@/lib/webhooks/endpoints";
import {
  createWebhookFormSchema,
  rollWebhookSecretFormSchema,
  deliveryTargetSchema,
  updateWebhookFormSchema,
  webhookEnabledSchema,
  webhookTargetSchema,
} from "@/lib/validations/webhook";

// The account's webhook endpoints, as chosen in the header: the account comes from the session, never the form, and
// the member's role must allow the account's settings (the commands check it again). Create and roll answer the
// secret once and do not revalidate (that could unmount the dialog about to reveal it); the dialog refreshes.

const manage = { permission: "account.settings" as const, account: "current" as const, audit: "webhook.manage" };

export const createWebhookAction = authedAction(
  createWebhookFormSchema,
  async ({ submission, ...input }, { account, actor }) => {
    const { endpoint, secret } = await createEndpoint(actor, { accountId: account.id }, input, { submission });
    return { ok: true, webhookId: endpoint.id, url: endpoint.url, secret };
  },
  // A new signing secret, like a rolled one, asks for step-up (lib/auth/step-up.ts).
  { ...manage, arrays: ["eventTypes"], stepUp: true },
);

export const updateWebhookAction = authedAction(
  updateWebhookFormSchema,
  async ({ webhookId, ...patch }, { account, actor }) => {
    await updateEndpoint(actor, { accountId: account.id }, webhookId, patch);
    revalidatePath(`/webhooks/${webhookId}`);
    return { ok: true };
  },
  { ...manage, arrays: ["eventTypes"] },
);

export const setWebhookEnabledAction = authedAction(
  webhookEnabledSchema,
  async ({ webhookId, enabled }, { account, actor }) => {
    await updateEndpoint(actor, { accountId: account.id }, webhookId, { enabled });
    revalidatePath(`/webhooks/${webhookId}`);
    return { ok: true };
  },
  manage,
);

export const rollWebhookSecretAction = authedAction(
  rollWebhookSecretFormSchema,
  async ({ webhookId, submission }, { account, actor }) => {
    const { endpoint, secret } = await rollEndpointSecret(actor, { accountId: account.id }, webhookId, { submission });
    return { ok: true, webhookId: endpoint.id, url: endpoint.url, secret };
  },
  { ...manage, stepUp: true },
);

export const testWebhookAction = authedAction(
  webhookTargetSchema,
  async ({ webhookId }, { account, actor }) => {
    await sendTestMessage(actor, { accountId: account.id }, webhookId);
    revalidatePath(`/webhooks/${webhookId}`);
    return { ok: true };
  },
  manage,
);

export const resendDeliveryAction = authedAction(
  deliveryTargetSchema,
  async ({ webhookId, deliveryId }, { account, actor }) => {
    await resendDelivery(actor, { accountId: account.id }, webhookId, deliveryId);
    revalidatePath(`/webhooks/${webhookId}`);
    return { ok: true };
  },
  manage,
);

export const deleteWebhookAction = authedAction(
  webhookTargetSchema,
  async ({ webhookId }, { account, actor }) => {
    await deleteEndpoint(actor, { accountId: account.id }, webhookId);
    revalidatePath("/webhooks");
    return { ok: true };
  },
  manage,
);
