import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

// The outbox: one row per thing that happened to an account or one of its keys, written in the transaction of the
// change itself (or, for what a periodic check finds, by that check), so that an event exists if and only if its
// change committed. Delivery (webhooks, email, the dashboard's inbox) reads from here; a row never holds a secret.
export const events = pgTable(
  "events",
  {
    // A UUIDv7: time-ordered, and the id deliveries carry (Standard Webhooks' webhook-id is `msg_<id>`).
    id: uuid("id").primaryKey(),
    accountId: uuid("account_id").notNull(),
    keyId: uuid("key_id"),
    type: text("type").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    // The event's body as receivers get it under `data`: names, ids, times, changes; never a secret or a hash.
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    // For events a periodic check finds (a key expiring in 7 days): the same finding twice is one event.
    dedupeKey: text("dedupe_key"),
    // Set once every channel has its deliveries queued; the dispatcher takes the rows still without it.
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true, mode: "date" }),
    // Set when the event could not be dispatched for what it is (lib/events/dispatch.ts): it was set aside, marked
    // dispatched with nothing delivered, so that it does not hold up every event behind it; why is kept here.
    dispatchError: text("dispatch_error"),
  },
  (t) => [
    index("events_account_occurred_idx").on(t.accountId, t.occurredAt),
    index("events_key_idx").on(t.keyId),
    uniqueIndex("events_dedupe_key_idx").on(t.dedupeKey),
    index("events_undispatched_idx").on(t.occurredAt).where(sql`${t.dispatchedAt} is null`),
  ],
);

export type EventRow = typeof events.$inferSelect;
export type NewEventRow = typeof events.$inferInsert;
