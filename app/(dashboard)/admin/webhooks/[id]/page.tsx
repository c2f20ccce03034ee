import { notFound } from "next/navigation";
import { WebhookDetail } from "@/components/webhooks/webhook-detail";
import { adminActorFor } from "@/lib/http/request-actor";
import { requireAdmin } from "@/lib/http/session";
import {
  createWebhookAction,
  deleteWebhookAction,
  resendDeliveryAction,
  rollWebhookSecretAction,
  setWebhookEnabledAction,
  testWebhookAction,
  updateWebhookAction,
} from "../actions";
import { webhookDetail } from "@/app/(dashboard)/webhooks/detail-data";

export const metadata = { title: "Platform webhook endpoint" };

export default async function WebhookPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdmin();
  const detail = await webhookDetail(
    await adminActorFor(admin),
    (await params).id,
    { accountId: null },
    (await searchParams).after,
    "/admin/webhooks",
  );
  if (!detail) notFound();
  const actions = {
    create: createWebhookAction,
    update: updateWebhookAction,
    setEnabled: setWebhookEnabledAction,
    rollSecret: rollWebhookSecretAction,
    test: testWebhookAction,
    resend: resendDeliveryAction,
    remove: deleteWebhookAction,
    fields: {},
    basePath: "/admin/webhooks",
  };
  return <WebhookDetail {...detail} actions={actions} canManage />;
}
