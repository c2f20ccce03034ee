import { sendTestMessage } from "@/lib/webhooks/endpoints";
import { apiRoute } from "@/lib/api/gate/api-route";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiActor } from "@/lib/api/api-actor";
import { jsonResponse } from "@/lib/http/envelope";
import { serializeDelivery } from "@/lib/api/serialize-webhook";
import { ownWebhookRef } from "@/lib/api/webhook-ref";

export const POST = apiRoute<{ id: string }>(async (context) => {
  const { id, owner } = ownWebhookRef(context);
  const delivery = await sendTestMessage(apiActor(context), owner, id);
  return jsonResponse(serializeDelivery(delivery, []), { status: 201 });
}, API_OPERATIONS.testWebhook);
