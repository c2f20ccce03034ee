import "server-only";
import type { Transaction } from "@/db";
import { endpointsHearing, insertDeliveries } from "@/db/queries/webhooks";
import type { EventRow, WebhookPayload } from "@/db/schema";
import { isAlwaysDelivered } from "@/lib/events/channels";
import type { EventType } from "@/lib/events/catalogue";

// What the dispatcher (lib/events/dispatch.ts) adds for webhooks, in its transaction: one delivery per event and
// enabled endpoint that wants its type (an endpoint that chose none wants every type; the types always delivered, such
// as key.leaked, go to every endpoint whatever it chose, as they reach every other channel). The account's own
// endpoints and every platform-wide one hear an account's events.

/** The body receivers get, the Standard Webhooks way: the type, when it happened, and the event's data. */
export function eventPayload(
  event: Pick<EventRow, "id" | "type" | "accountId" | "keyId" | "occurredAt" | "data">,
): WebhookPayload {
  return {
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: { eventId: event.id, accountId: event.accountId, ...(event.keyId && { keyId: event.keyId }), ...event.data },
  };
}

function wants(chosen: string[], type: string): boolean {
  return chosen.length === 0 || chosen.includes(type) || isAlwaysDelivered(type as EventType);
}

/** Queues the deliveries of these events; answers how many. */
export async function queueWebhookDeliveries(tx: Transaction, batch: EventRow[]): Promise<number> {
  const endpoints = await endpointsHearing(tx, [...new Set(batch.map((event) => event.accountId))]);
  if (endpoints.length === 0) return 0;
  const rows = [];
  for (const event of batch) {
    for (const endpoint of endpoints) {
      if (endpoint.accountId !== null && endpoint.accountId !== event.accountId) continue;
      if (!wants(endpoint.eventTypes, event.type)) continue;
      rows.push({
        endpointId: endpoint.id,
        accountId: event.accountId,
        eventId: event.id,
        eventType: event.type,
        // The event's id: the same message for every endpoint, attempt and resend.
        messageId: `msg_${event.id}`,
        payload: eventPayload(event),
      });
    }
  }
  return (await insertDeliveries(tx, rows)).length;
}
