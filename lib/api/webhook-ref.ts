import "server-only";
import type { EndpointOwner } from "@/db/queries/webhooks";
import { HttpProblem } from "@/lib/http/envelope";
import { webhookIdSchema } from "@/lib/validations/webhook";
import type { ApiContext } from "@/lib/api/gate/with-api-key";

/**
 * The webhook endpoint named in the URL, always with the calling key's account as its owner: another account's
 * endpoint is not found. A key never reaches platform-wide endpoints (no account); admins manage those in the dashboard.
 */
export function ownWebhookRef({ auth, params }: ApiContext<{ id: string }>): { id: string; owner: EndpointOwner } {
  const parsed = webhookIdSchema.safeParse(params.id);
  // A malformed id cannot name any endpoint: the same 404 as an unknown one, and no query with it.
  if (!parsed.success) throw new HttpProblem("not_found", "Webhook endpoint not found.");
  return { id: parsed.data, owner: { accountId: auth.key.accountId } };
}

/** A delivery id from the URL; malformed: not found. */
export function deliveryIdOf(value: string): string {
  const parsed = webhookIdSchema.safeParse(value);
  if (!parsed.success) throw new HttpProblem("not_found", "Delivery not found.");
  return parsed.data;
}
