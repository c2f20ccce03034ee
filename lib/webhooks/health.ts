import "server-only";
import type { Transaction } from "@/db";
import { findEndpointById, updateEndpointRow } from "@/db/queries/webhooks";
import { recordEvent } from "@/lib/events/record";
import { logger } from "@/lib/infra/logger";
import { DISABLE_AFTER_FAILING_MS } from "./schedule";

/**
 * Keeps an endpoint's health with each attempt, in the attempt's transaction: a success ends a run of failures; a
 * failure starts one. When a delivery fails for good and nothing has reached the endpoint for a day
 * (DISABLE_AFTER_FAILING_MS), the endpoint is disabled and its owner told with a `webhook.disabled` event (inbox and
 * email): the account's members, or for a platform-wide endpoint the admin who made it.
 */
export async function noteAttempt(
  tx: Transaction,
  endpointId: string,
  attempt: { succeeded: boolean; final: boolean; at: Date },
) {
  const endpoint = await findEndpointById(tx, endpointId, { forUpdate: true });
  if (!endpoint) return;
  if (attempt.succeeded) {
    if (endpoint.failingSince) await updateEndpointRow(tx, endpoint.id, { failingSince: null });
    return;
  }
  const failingSince = endpoint.failingSince ?? attempt.at;
  const disable = attempt.final && endpoint.enabled && attempt.at.getTime() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS;
  if (!disable) {
    if (!endpoint.failingSince) await updateEndpointRow(tx, endpoint.id, { failingSince });
    return;
  }
  await updateEndpointRow(tx, endpoint.id, { failingSince, enabled: false, disabledReason: "failing", disabledAt: attempt.at });
  const accountId = endpoint.accountId ?? endpoint.createdByUserId;
  if (!accountId) {
    logger.warn({ endpointId }, "platform-wide webhook endpoint disabled; nobody to tell");
    return;
  }
  await recordEvent(tx, {
    accountId,
    type: "webhook.disabled",
    data: {
      endpoint: { id: endpoint.id, url: endpoint.url, platformWide: endpoint.accountId === null },
      failingSince: failingSince.toISOString(),
    },
    occurredAt: attempt.at,
  });
}
