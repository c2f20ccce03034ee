import "server-only";
import { attemptsOf, type EndpointOwner, findEndpoint, listDeliveriesPage } from "@/db/queries/webhooks";
import { webhookIdSchema } from "@/lib/validations/webhook";

const PAGE_SIZE = 20;

/** What an endpoint's page shows: the endpoint (null: none of this owner's), a page of its log, the next page's link. */
export async function webhookDetail(rawId: string, owner: EndpointOwner, after: unknown, basePath: string) {
  const id = webhookIdSchema.safeParse(rawId);
  if (!id.success) return null;
  const endpoint = await findEndpoint(id.data, owner);
  if (!endpoint) return null;
  const cursor = webhookIdSchema.safeParse(after);
  const page = await listDeliveriesPage(endpoint.id, { after: cursor.success ? cursor.data : undefined, limit: PAGE_SIZE });
  const attempts = await attemptsOf(page.deliveries.map((delivery) => delivery.id));
  const nextHref = page.nextAfter ? `${basePath}/${endpoint.id}?after=${page.nextAfter}` : null;
  return { endpoint, deliveries: page.deliveries, attempts, nextHref };
}
