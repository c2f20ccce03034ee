import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from "@/db/schema";
import type { WebhookDeliveryBody, WebhookEndpointBody } from "./webhook-schemas";

// Webhook endpoints and deliveries as the API shows them: fields picked one by one, so that the sealed secret (or
// anything added to the tables later) cannot reach a response by accident.

export function serializeEndpoint(endpoint: WebhookEndpoint): WebhookEndpointBody {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    enabled: endpoint.enabled,
    disabledReason:
      endpoint.disabledReason === "failing" || endpoint.disabledReason === "manual" ? endpoint.disabledReason : null,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

export function serializeDelivery(delivery: WebhookDelivery, attempts: WebhookAttempt[]): WebhookDeliveryBody {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    messageId: delivery.messageId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === "pending" ? delivery.nextAttemptAt.toISOString() : null,
    lastResponseStatus: delivery.lastResponseStatus,
    lastResponseBody: delivery.lastResponseBody,
    lastError: delivery.lastError,
    payload: delivery.payload,
    attemptLog: attempts
      .filter((attempt) => attempt.deliveryId === delivery.id)
      .map((attempt) => ({
        attempt: attempt.attempt,
        at: attempt.at.toISOString(),
        requestHeaders: attempt.requestHeaders,
        responseStatus: attempt.responseStatus,
        responseBody: attempt.responseBody,
        error: attempt.error,
        durationMs: attempt.durationMs,
      })),
    createdAt: delivery.createdAt.toISOString(),
    finishedAt: delivery.finishedAt?.toISOString() ?? null,
  };
}
