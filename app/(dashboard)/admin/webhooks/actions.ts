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

// The platform-wide webhook endpoints (no account: they receive every account's events): admin-only, checked here
// (authedAction) and again in the commands. Create and roll answer the secret once and do not revalidate (that could
// unmount the dialog about to reveal it); the dialog refreshes.

const manage = { role: "admin" as const, audit: "webhook.platform" };
const PLATFORM = { accountId: null };

export const createWebhookAction = authedAction(
  createWebhookFormSchema,
  async ({ submission, ...input }, { actor }) => {
    const { endpoint, secret } = await createEndpoint(actor, PLATFORM, input, { submission });
    return { ok: true, webhookId: endpoint.id, url: endpoint.url, secret };
  },
  // A new signing secret, like a rolled one, asks for step-up (lib/auth/step-up.ts).
  { ...manage, arrays: ["eventTypes"], stepUp: true },
);

export const updateWebhookAction = authedAction(
  updateWebhookFormSchema,
  async ({ webhookId, ...patch }, { actor }) => {
    await updateEndpoint(actor, PLATFORM, webhookId, patch);
    revalidatePath(`/admin/webhooks/${webhookId}`);
    return { ok: true };
  },
  { ...manage, arrays: ["eventTypes"] },
);

export const setWebhookEnabledAction = authedAction(
  webhookEnabledSchema,
  async ({ webhookId, enabled }, { actor }) => {
    await updateEndpoint(actor, PLATFORM, webhookId, { enabled });
    revalidatePath(`/admin/webhooks/${webhookId}`);
    return { ok: true };
  },
  manage,
);

export const rollWebhookSecretAction = authedAction(
  rollWebhookSecretFormSchema,
  async ({ webhookId, submission }, { actor }) => {
    const { endpoint, secret } = await rollEndpointSecret(actor, PLATFORM, webhookId, { submission });
    return { ok: true, webhookId: endpoint.id, url: endpoint.url, secret };
  },
  { ...manage, stepUp: true },
);

export const testWebhookAction = authedAction(
  webhookTargetSchema,
  async ({ webhookId }, { actor }) => {
    await sendTestMessage(actor, PLATFORM, webhookId);
    revalidatePath(`/admin/webhooks/${webhookId}`);
    return { ok: true };
  },
  manage,
);

export const resendDeliveryAction = authedAction(
  deliveryTargetSchema,
  async ({ webhookId, deliveryId }, { actor }) => {
    await resendDelivery(actor, PLATFORM, webhookId, deliveryId);
    revalidatePath(`/admin/webhooks/${webhookId}`);
    return { ok: true };
  },
  manage,
);

export const deleteWebhookAction = authedAction(
  webhookTargetSchema,
  async ({ webhookId }, { actor }) => {
    await deleteEndpoint(actor, PLATFORM, webhookId);
    revalidatePath("/admin/webhooks");
    return { ok: true };
  },
  manage,
);
