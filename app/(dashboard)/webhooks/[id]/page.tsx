import { notFound } from "next/navigation";
import { WebhookDetail } from "@/components/webhooks/webhook-detail";
import { can } from "@/lib/accounts/roles";
import { actorFor } from "@/lib/http/request-actor";
import { requireSession } from "@/lib/http/session";
import {
  createWebhookAction,
  deleteWebhookAction,
  resendDeliveryAction,
  rollWebhookSecretAction,
  setWebhookEnabledAction,
  testWebhookAction,
  updateWebhookAction,
} from "../actions";
import { webhookDetail } from "../detail-data";

export const metadata = { title: "Webhook endpoint" };

export default async function WebhookPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireSession();
  const { account, role } = session;
  const detail = await webhookDetail(
    await actorFor(session),
    (await params).id,
    { accountId: account.id },
    (await searchParams).after,
    "/webhooks",
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
    fields: { accountId: account.id },
    basePath: "/webhooks",
  };
  return <WebhookDetail {...detail} actions={actions} canManage={can(role, "account.settings")} />;
}
