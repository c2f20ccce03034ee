import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";

// Webhook endpoints: where an account's events are POSTed, signed the Standard Webhooks way (lib/webhooks/).
// An endpoint without an account is an admin's platform-wide endpoint and receives every account's events.
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id"),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    // Types from lib/events/catalogue.ts; empty: every type.
    eventTypes: text("event_types").array().notNull().default(sql`'{}'::text[]`),
    // The signing secret (`whsec_…`), encrypted with AES-256-GCM (lib/webhooks/secret-box.ts): signing needs the
    // secret itself, so it cannot be hashed like a key. Shown once when made or rolled, never again.
    secretCiphertext: text("secret_ciphertext").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    // Why it was turned off: "manual", or "failing" when Latchkey disabled it (lib/webhooks/health.ts).
    disabledReason: text("disabled_reason"),
    disabledAt: timestamp("disabled_at", { withTimezone: true, mode: "date" }),
    // When the current run of failed attempts began; null while the last attempt succeeded.
    failingSince: timestamp("failing_since", { withTimezone: true, mode: "date" }),
    // Who made it: told when Latchkey disables a platform-wide endpoint (it has no account of its own).
    createdByUserId: uuid("created_by_user_id"),
    ...timestamps,
  },
  (t) => [index("webhook_endpoints_account_idx").on(t.accountId)],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type NewWebhookEndpoint = typeof webhookEndpoints.$inferInsert;

// One delivery per (event, endpoint), or per test send: the message, its state, and its last attempt. Leased to one
// sender at a time like the mail outbox (db/schema/mail.ts).
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    // The account whose event it carries (a platform-wide endpoint receives many accounts'); null for a test send to one.
    accountId: uuid("account_id"),
    eventId: uuid("event_id"),
    eventType: text("event_type").notNull(),
    // webhook-id: the same for every attempt and resend of this message, so receivers can drop duplicates.
    messageId: text("message_id").notNull(),
    // The body as sent: { type, timestamp, data }.
    payload: jsonb("payload").$type<WebhookPayload>().notNull(),
    status: text("status").$type<DeliveryStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    leaseUntil: timestamp("lease_until", { withTimezone: true, mode: "date" }),
    leaseId: uuid("lease_id"),
    lastResponseStatus: integer("last_response_status"),
    lastResponseBody: text("last_response_body"),
    lastError: text("last_error"),
    lastDurationMs: integer("last_duration_ms"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_endpoint_idx").on(t.eventId, t.endpointId),
    index("webhook_deliveries_waiting_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_endpoint_created_idx").on(t.endpointId, t.createdAt, t.id),
    // The minute's prune (pruneFinishedDeliveries) finds what ended before the retention cut-off here, not by reading
    // every delivery; pending ones, never pruned, stay out of it.
    index("webhook_deliveries_finished_idx").on(t.finishedAt).where(sql`${t.status} <> 'pending'`),
  ],
);

export type DeliveryStatus = "pending" | "succeeded" | "failed";
export type WebhookPayload = { type: string; timestamp: string; data: Record<string, unknown> };
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type NewWebhookDelivery = typeof webhookDeliveries.$inferInsert;

// Every attempt of a delivery, for the delivery log: when, the headers sent (never the signature's secret, which is
// not in them), the answer's status and first 2 KB, or why there was none. At most 8 per send (the retry schedule).
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    url: text("url").notNull(),
    requestHeaders: jsonb("request_headers").$type<Record<string, string>>().notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.id)],
);

export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
