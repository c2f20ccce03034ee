import { z } from "zod";
import { responseSchemas } from "./response-schemas";

// What the webhook operations answer. Registered with the other response schemas, so the OpenAPI document has them.

const timestamp = z.iso.datetime();

export const webhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()).describe("The event types sent; empty: every type."),
    enabled: z.boolean(),
    disabledReason: z
      .enum(["manual", "failing"])
      .nullable()
      .describe("failing: Latchkey disabled it after a day in which no delivery succeeded."),
    disabledAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .register(responseSchemas, { id: "WebhookEndpoint" });
export type WebhookEndpointBody = z.infer<typeof webhookEndpointSchema>;

export const webhookEndpointListSchema = z
  .object({ data: z.array(webhookEndpointSchema) })
  .register(responseSchemas, { id: "WebhookEndpointList" });

export const issuedWebhookSchema = z
  .object({
    endpoint: webhookEndpointSchema,
    secret: z
      .string()
      .describe("The signing secret (`whsec_…`). Shown in this response only: configure your receiver with it now."),
  })
  .register(responseSchemas, { id: "IssuedWebhookEndpoint" });

export const webhookAttemptSchema = z.object({
  attempt: z.int(),
  at: timestamp,
  requestHeaders: z.record(z.string(), z.string()).describe("The webhook-id, webhook-timestamp and webhook-signature sent."),
  responseStatus: z.int().nullable().describe("null: no answer (refused address, unreachable, timed out)."),
  responseBody: z.string().nullable().describe("The answer's first 2 KB."),
  error: z.string().nullable(),
  durationMs: z.int(),
});

export const webhookDeliverySchema = z
  .object({
    id: z.uuid(),
    endpointId: z.uuid(),
    messageId: z.string().describe("The webhook-id header: the same for every attempt and resend."),
    eventId: z.uuid().nullable().describe("null for a test message."),
    eventType: z.string(),
    status: z.enum(["pending", "succeeded", "failed"]),
    attempts: z.int(),
    nextAttemptAt: timestamp.nullable().describe("When a pending delivery is tried next."),
    lastResponseStatus: z.int().nullable(),
    lastResponseBody: z.string().nullable(),
    lastError: z.string().nullable(),
    payload: z.object({ type: z.string(), timestamp: timestamp, data: z.record(z.string(), z.unknown()) }),
    attemptLog: z.array(webhookAttemptSchema),
    createdAt: timestamp,
    finishedAt: timestamp.nullable(),
  })
  .register(responseSchemas, { id: "WebhookDelivery" });
export type WebhookDeliveryBody = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryListSchema = z
  .object({
    data: z.array(webhookDeliverySchema).describe("One page of deliveries, newest first."),
    nextCursor: z.uuid().nullable().describe("Pass it as ?cursor= for the next page; null on the last page."),
  })
  .register(responseSchemas, { id: "WebhookDeliveryList" });
