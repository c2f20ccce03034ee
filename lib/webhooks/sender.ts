import "server-only";
import { Webhook } from "standardwebhooks";
import { getDb } from "@/db";
import { type LeasedDelivery, leaseDueDeliveries, recordAttempt } from "@/db/queries/webhooks";
import { coalesced } from "@/lib/infra/coalesced";
import { env } from "@/lib/infra/env";
import { logger } from "@/lib/infra/logger";
import { noteAttempt } from "./health";
import { postWebhook } from "./post";
import { isSuccess, nextAttemptAfter, RETRY_AFTER_SECONDS } from "./schedule";
import { openSecret } from "./secret-box";

// Sends what waits in webhook_deliveries, like the mail sender (lib/events/mail-sender.ts): each delivery is leased to
// one sender at a time, POSTed outside any transaction (a receiver may take WEBHOOK_TIMEOUT_MS), then its attempt is
// recorded with the endpoint's health in one transaction. A failed attempt is tried again on the schedule of
// schedule.ts, then given up. A sender killed between sending and recording sends it again once its lease ends (at
// least once: receivers drop duplicates by webhook-id).

// A pool of this many attempts in flight per process: each slot leases the next delivery as soon as its attempt ends,
// so a receiver that never answers holds one slot for a timeout, not a whole batch. The lease takes at most
// MAX_IN_FLIGHT_PER_ENDPOINT deliveries of one endpoint at a time (db/queries/webhooks.ts), so a few endpoints that
// never answer cannot fill the pool and stall every other tenant's.
const CONCURRENCY = 10;

export interface WebhookSendResult {
  succeeded: number;
  retrying: number;
  failed: number;
}

/**
 * Sends every delivery due at `now` (tests pass a time ahead to reach a retry without waiting for it), or only those
 * of `endpointIds`; answers once nothing more can be leased and every attempt taken has been recorded.
 */
export async function sendDueWebhooks(
  now: () => Date = () => new Date(),
  endpointIds?: readonly string[],
): Promise<WebhookSendResult> {
  const result: WebhookSendResult = { succeeded: 0, retrying: 0, failed: 0 };
  const timeoutMs = env().WEBHOOK_TIMEOUT_MS;
  // Longer than an attempt can take (resolving included), so a delivery is never taken again while it is in flight.
  const leaseSeconds = Math.ceil(timeoutMs / 1000) * 2 + 30;
  // One lease at a time in this process: slots leasing at once would each miss the others' uncommitted leases and
  // could take more than MAX_IN_FLIGHT_PER_ENDPOINT of one endpoint.
  let leasing: Promise<unknown> = Promise.resolve();
  const leaseOne = () => {
    const next = leasing.then(() => leaseDueDeliveries(1, leaseSeconds, now(), endpointIds));
    leasing = next.catch(() => undefined);
    return next;
  };
  const slot = async () => {
    for (;;) {
      // Nothing leasable now: this slot ends; the others lease again as each attempt ends, and the last one to end
      // finds whatever the per-endpoint limit held back.
      const [delivery] = await leaseOne();
      if (!delivery) return;
      result[await attempt(delivery, timeoutMs, now)]++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, slot));
  return result;
}

async function attempt(delivery: LeasedDelivery, timeoutMs: number, now: () => Date): Promise<keyof WebhookSendResult> {
  const body = JSON.stringify(delivery.payload);
  // The signature's time is the real one, whatever `now` says: receivers refuse a timestamp far from their clock.
  const sentAt = new Date();
  let headers: Record<string, string> = {};
  let sent: Awaited<ReturnType<typeof postWebhook>>;
  try {
    const secret = openSecret(delivery.secretCiphertext, delivery.endpointId);
    headers = {
      "webhook-id": delivery.messageId,
      "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(delivery.messageId, sentAt, body),
    };
    sent = await postWebhook({ url: delivery.url, headers, body, timeoutMs });
  } catch (error) {
    // The secret cannot be opened (WEBHOOK_SECRETS_KEY or AUTH_SECRET changed): nothing is sent, the attempt fails.
    logger.error({ err: error, deliveryId: delivery.id, endpointId: delivery.endpointId }, "webhook could not be signed");
    sent = { ok: false, error: "the endpoint's signing secret cannot be read; roll it", durationMs: 0 };
  }
  const at = now();
  const succeeded = sent.ok && isSuccess(sent.status);
  const retryAt = succeeded ? null : nextAttemptAfter(delivery.attempts, at);
  const status = succeeded ? "succeeded" : retryAt ? "pending" : "failed";
  const db = await getDb();
  const recorded = await db.transaction(async (tx) => {
    const written = await recordAttempt(tx, delivery, {
      at,
      url: delivery.url,
      // What the log shows of the request: the signature is a MAC of this body, not the secret.
      requestHeaders: headers,
      responseStatus: sent.ok ? sent.status : null,
      responseBody: sent.ok ? sent.body : null,
      error: sent.ok ? (succeeded ? null : `answered ${sent.status}`) : sent.error,
      durationMs: sent.durationMs,
      status,
      nextAttemptAt: retryAt,
    });
    if (written) await noteAttempt(tx, delivery.endpointId, { succeeded, final: status === "failed", at });
    return written;
  });
  if (!succeeded) {
    logger.warn(
      {
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        attempt: delivery.attempts,
        givenUp: status === "failed",
        recorded,
      },
      "webhook attempt failed",
    );
  }
  return succeeded ? "succeeded" : status === "failed" ? "failed" : "retrying";
}

/** Sends what is due now; a call while a run is under way makes it go round once more. */
export const sendWebhooksSoon = coalesced(
  "webhooks",
  async () => {
    const { retrying } = await sendDueWebhooks();
    // The first retry is due in seconds, sooner than the minute's sweep: look again then (a timer that finds nothing
    // due costs one query; a process that stops meanwhile leaves it to the sweep).
    if (retrying > 0) setTimeout(() => void sendWebhooksSoon(), RETRY_AFTER_SECONDS[0] * 1000 + 100).unref();
  },
  (error) => logger.error({ err: error }, "sending webhooks failed; the next sweep retries"),
);
