import { attemptsOf } from "@/db/queries/webhooks";
import { resendDelivery } from "@/lib/webhooks/endpoints";
import { apiRoute } from "@/lib/api/gate/api-route";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiActor } from "@/lib/api/api-actor";
import { jsonResponse } from "@/lib/http/envelope";
import { serializeDelivery } from "@/lib/api/serialize-webhook";
import { deliveryIdOf, ownWebhookRef } from "@/lib/api/webhook-ref";

export const POST = apiRoute<{ id: string; deliveryId: string }>(async (context) => {
  const { id, owner } = ownWebhookRef(context);
  const delivery = await resendDelivery(apiActor(context), owner, id, deliveryIdOf(context.params.deliveryId));
  return jsonResponse(serializeDelivery(delivery, await attemptsOf(owner, [delivery.id])));
}, API_OPERATIONS.resendWebhookDelivery);
