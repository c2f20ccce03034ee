import {
  bigserial,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { apiKeys } from "./api-keys";

// Where a call was seen: Latchkey's own API, a platform's POST /verify for its own call, or the gateway.
export const USAGE_SOURCES = ["api", "verify", "gateway"] as const;
export type UsageSource = (typeof USAGE_SOURCES)[number];

// One row per API request made with a known key, accepted or refused. Partitioned by range of `at`, one partition per
// UTC day plus a default one (migration 0012, db/queries/usage-partitions.ts), so that retention drops whole days and
// every index an insert touches stays one day deep. drizzle-kit knows nothing of partitions: here are only the columns
// and indexes, which Postgres creates on every partition. A unique index of a partitioned table must hold the
// partition key, hence `at` in the primary key and beside event_id.
export const usageEvents = pgTable(
  "usage_events",
  {
    id: bigserial("id", { mode: "number" }).notNull(),
    // Given when the request is recorded (lib/usage/event-id.ts), so that an event written again (replayed from the
    // journal after a crash) is recognised and skipped: its journal line keeps the same `at`, so (event_id, at) is
    // the same pair and lands in the same partition. Null on rows written before it existed.
    eventId: uuid("event_id"),
    keyId: uuid("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    method: text("method").notNull(),
    route: text("route").notNull(),
    status: smallint("status").notNull(),
    latencyMs: integer("latency_ms").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    // Refused by the gate (a revoked or expired key, a missing scope, an address off the allowlist, the rate limit):
    // kept for the owner to see, never counted as a request the key made.
    refused: boolean("refused").notNull().default(false),
    // How the call ended, by code: "ok" (accepted, answered below 400), "failed" (accepted, 400 or above), or the
    // refusal's code (invalid_key, revoked, expired, insufficient_scope, ip_not_allowed, rate_limited, …).
    outcome: text("outcome").notNull().default("ok"),
    source: text("source", { enum: USAGE_SOURCES }).notNull().default("api"),
    // Labels a platform attached to a verification (region, plan, feature, …), shown with the event and exported.
    tags: text("tags").array(),
    // When the platform reported how a verified call ended (POST /verify/reports): its status and latency replaced
    // the verification's own, once.
    reportedAt: timestamp("reported_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.at] }),
    index("usage_events_key_at_idx").on(t.keyId, t.at),
    // Retention deletes by age what lies in the default partition or in a day it only partly expires.
    index("usage_events_at_idx").on(t.at),
    uniqueIndex("usage_events_event_id_at_idx").on(t.eventId, t.at),
  ],
);

export type UsageEvent = typeof usageEvents.$inferSelect;
export type NewUsageEvent = typeof usageEvents.$inferInsert;
