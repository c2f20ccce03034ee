import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { apiKeys } from "./api-keys";

export const ORIGIN_KINDS = ["address", "client"] as const;
export type OriginKind = (typeof ORIGIN_KINDS)[number];

// Where each key has been used from, so that a first use from somewhere new can be told to its owner
// (lib/events/usage-signals.ts): an address (an IPv6 /64 counts as one) or a client (its user agent with version
// numbers blanked, so that an upgrade is not news). Written by the usage writer in the transaction of the events.
export const keyOrigins = pgTable(
  "key_origins",
  {
    keyId: uuid("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ORIGIN_KINDS }).notNull(),
    value: text("value").notNull(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true, mode: "date" }).notNull(),
    // Refreshed at most hourly (fewer writes): retention forgets an origin unused for as long as raw events are kept.
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.kind, t.value] }), index("key_origins_last_seen_idx").on(t.lastSeenAt)],
);

// Counts per key and short window that the usage writers of every instance add to, so that a signal crossing its
// threshold (a burst of rate-limit refusals, the day's new-origin notices) is seen once, whichever instance wrote.
export const keySignalCounts = pgTable(
  "key_signal_counts",
  {
    keyId: uuid("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    signal: text("signal").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true, mode: "date" }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.signal, t.windowStart] }), index("key_signal_counts_window_idx").on(t.windowStart)],
);
