import { listDeliveriesQuerySchema } from "@/lib/validations/webhook";
import { apiRoute } from "@/lib/api/gate/api-route";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiActor } from "@/lib/api/api-actor";
import { jsonResponse, validationProblem } from "@/lib/http/envelope";
import { serializeDelivery } from "@/lib/api/serialize-webhook";
import { ownWebhookRef } from "@/lib/api/webhook-ref";
import { readDeliveryLog } from "@/lib/webhooks/reads";

export const GET = apiRoute<{ id: string }>(
  async (context) => {
    const { id, owner } = ownWebhookRef(context);
    const query = listDeliveriesQuerySchema.safeParse(Object.fromEntries(context.url.searchParams));
    if (!query.success) throw validationProblem(query.error);
    // Keyset pages: the cursor is a delivery of this endpoint, so another endpoint's delivery id answers an empty page.
    const log = await readDeliveryLog(apiActor(context), owner, id, { after: query.data.cursor, limit: query.data.limit });
    return jsonResponse({
      data: log.deliveries.map((delivery) => serializeDelivery(delivery, log.attempts)),
      nextCursor: log.nextAfter,
    });
  },
  { scopes: API_OPERATIONS.listWebhookDeliveries.scopes },
);
