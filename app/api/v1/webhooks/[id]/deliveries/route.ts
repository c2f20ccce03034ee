import { attemptsOf, findEndpoint, listDeliveriesPage } from "@/db/queries/webhooks";
import { notFound } from "@/lib/errors";
import { listDeliveriesQuerySchema } from "@/lib/validations/webhook";
import { apiRoute } from "@/lib/api/gate/api-route";
import { API_OPERATIONS } from "@/lib/api/operations";
import { jsonResponse, validationProblem } from "@/lib/http/envelope";
import { serializeDelivery } from "@/lib/api/serialize-webhook";
import { ownWebhookRef } from "@/lib/api/webhook-ref";

export const GET = apiRoute<{ id: string }>(
  async (context) => {
    const { id, owner } = ownWebhookRef(context);
    const query = listDeliveriesQuerySchema.safeParse(Object.fromEntries(context.url.searchParams));
    if (!query.success) throw validationProblem(query.error);
    if (!(await findEndpoint(id, owner))) throw notFound("Webhook endpoint");
    // Keyset pages: the cursor is a delivery of this endpoint, so another endpoint's delivery id answers an empty page.
    const page = await listDeliveriesPage(id, { after: query.data.cursor, limit: query.data.limit });
    const attempts = await attemptsOf(page.deliveries.map((delivery) => delivery.id));
    return jsonResponse({
      data: page.deliveries.map((delivery) => serializeDelivery(delivery, attempts)),
      nextCursor: page.nextAfter,
    });
  },
  { scopes: API_OPERATIONS.listWebhookDeliveries.scopes },
);
