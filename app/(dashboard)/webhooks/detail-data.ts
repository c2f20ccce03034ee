import "server-only";
import type { EndpointOwner } from "@/db/queries/webhooks";
import type { Actor } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { webhookIdSchema } from "@/lib/validations/webhook";
import { readDeliveryLog } from "@/lib/webhooks/reads";

const PAGE_SIZE = 20;

/**
 * What an endpoint's page shows: the endpoint (null: none of this owner's, audited as `webhook.view.denied`), a page
 * of its log, the next page's link.
 */
export async function webhookDetail(actor: Actor, rawId: string, owner: EndpointOwner, after: unknown, basePath: string) {
  const id = webhookIdSchema.safeParse(rawId);
  if (!id.success) return null;
  const cursor = webhookIdSchema.safeParse(after);
  try {
    const log = await readDeliveryLog(actor, owner, id.data, {
      after: cursor.success ? cursor.data : undefined,
      limit: PAGE_SIZE,
    });
    const nextHref = log.nextAfter ? `${basePath}/${log.endpoint.id}?after=${log.nextAfter}` : null;
    return { endpoint: log.endpoint, deliveries: log.deliveries, attempts: log.attempts, nextHref };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}
