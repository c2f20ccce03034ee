import { integer, pgTable, smallint, timestamp, uuid } from "drizzle-orm/pg-core";

// A platform's report of how a verified call ended, kept only until its event is written (events are buffered for
// about a second before they reach the table, and a platform may report at once). Applied reports are deleted; the
// event itself then carries reported_at, which is what makes a second report of it a no-op.
export const usageReports = pgTable("usage_reports", {
  eventId: uuid("event_id").primaryKey(),
  status: smallint("status").notNull(),
  latencyMs: integer("latency_ms").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type UsageReport = typeof usageReports.$inferSelect;
