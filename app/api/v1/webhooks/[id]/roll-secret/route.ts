import { rollEndpointSecret } from "@/lib/webhooks/endpoints";
import { apiRoute } from "@/lib/api/gate/api-route";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiActor } from "@/lib/api/api-actor";
import { jsonResponse } from "@/lib/http/envelope";
import { idempotencyKeyOf } from "@/lib/http/idempotency-key";
import { serializeEndpoint } from "@/lib/api/serialize-webhook";
import { ownWebhookRef } from "@/lib/api/webhook-ref";

export const POST = apiRoute<{ id: string }>(async (context) => {
  const { id, owner } = ownWebhookRef(context);
  const { endpoint, secret } = await rollEndpointSecret(apiActor(context), owner, id, {
    submission: idempotencyKeyOf(context.request),
  });
  // The only time the new secret leaves the server. jsonResponse marks every answer no-store.
  return jsonResponse({ endpoint: serializeEndpoint(endpoint), secret });
}, API_OPERATIONS.rollWebhookSecret);
