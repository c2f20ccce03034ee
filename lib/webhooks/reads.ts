import "server-only";
import { getDb } from "@/db";
import { attemptsOf, type EndpointOwner, findEndpoint, listDeliveriesPage } from "@/db/queries/webhooks";
import type { WebhookEndpoint } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { recordDenied } from "@/lib/audit/record";
import { notFound } from "@/lib/errors";

// Reading an endpoint and its delivery log, for the dashboard and the API alike. An id that is not one of this owner's
// endpoints is not found, and the attempt leaves `webhook.view.denied` in the trail (the house rule for another
// tenant's id), as the commands in endpoints.ts do for changes.

/** The owner's endpoint, or a 404 with its audit row. */
export async function readEndpoint(actor: Actor, owner: EndpointOwner, id: string): Promise<WebhookEndpoint> {
  const endpoint = await findEndpoint(id, owner);
  if (endpoint) return endpoint;
  await recordDenied(await getDb(), actor, "webhook.view", { accountId: owner.accountId ?? actor.userId }, "not_found", {
    endpoint: { to: id },
  });
  throw notFound("Webhook endpoint");
}

/** A page of the owner's endpoint's delivery log with each delivery's attempts; 404 (audited) for any other id. */
export async function readDeliveryLog(actor: Actor, owner: EndpointOwner, id: string, page: { after?: string; limit: number }) {
  const endpoint = await readEndpoint(actor, owner, id);
  const { deliveries, nextAfter } = await listDeliveriesPage(owner, endpoint.id, page);
  const attempts = await attemptsOf(
    owner,
    deliveries.map((delivery) => delivery.id),
  );
  return { endpoint, deliveries, attempts, nextAfter };
}
