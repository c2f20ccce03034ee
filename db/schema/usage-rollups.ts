import { bigint, boolean, date, index, integer, pgTable, primaryKey, smallint, text, uuid } from "drizzle-orm/pg-core";
import { apiKeys } from "./api-keys";
import { USAGE_SOURCES } from "./usage";

// Upper bounds (ms) of the latency histogram kept with every rollup row; a last bucket counts everything slower.
// Percentiles over any range are read from summed histograms, so no chart ever scans raw events.
export const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] as const;

/**
 * The columns of a rollup row past its key: whose calls, which day, what kind of call, and how many with their
 * latencies. The key rollups and their sums over an account share them (a function: each table needs builders of its
 * own).
 */
function callColumns() {
  return {
    accountId: uuid("account_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    route: text("route").notNull(),
    status: smallint("status").notNull(),
    // Refusals by the gate are their own rows: they show as outcomes, never as requests (see usage_events.refused).
    refused: boolean("refused").notNull().default(false),
    // How the calls ended (usage_events.outcome), so that analytics can show valid, invalid, rate limited, … apart.
    outcome: text("outcome").notNull(),
    source: text("source", { enum: USAGE_SOURCES }).notNull().default("api"),
    requests: integer("requests").notNull(),
    latencySumMs: bigint("latency_sum_ms", { mode: "number" }).notNull(),
    // One count per LATENCY_BUCKETS_MS entry, plus one for slower requests.
    latencyBuckets: integer("latency_buckets").array().notNull(),
  };
}

// Usage per key, per day (UTC), per route, per exact status, outcome and source, written in the same transaction as the raw events.
export const usageRollups = pgTable(
  "usage_rollups",
  {
    keyId: uuid("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    ...callColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.keyId, t.day, t.route, t.status, t.refused, t.outcome, t.source] }),
    index("usage_rollups_account_day_idx").on(t.accountId, t.day),
    index("usage_rollups_day_idx").on(t.day),
  ],
);

export type UsageRollup = typeof usageRollups.$inferSelect;

/**
 * The same rollups summed over an account's keys, kept by the same writer in the same transaction: one account's (or
 * the platform's) charts, routes, outcomes and percentiles read a row per day and kind of call instead of one per key
 * (an account with 10,000 keys has millions of key rollup rows in 90 days).
 */
export const usageAccountRollups = pgTable("usage_account_rollups", callColumns(), (t) => [
  primaryKey({
    name: "usage_account_rollups_pk",
    columns: [t.accountId, t.day, t.route, t.status, t.refused, t.outcome, t.source],
  }),
  // The platform's overview reads every account's days; retention deletes by day.
  index("usage_account_rollups_day_idx").on(t.day),
]);

/**
 * One row per key and UTC day with what the key rankings show (accepted calls, errors among them, refusals), kept with
 * the rollups: ranking an account's 10,000 keys over 30 days sums 300,000 of these rather than millions of rollup rows.
 */
export const usageKeyDays = pgTable(
  "usage_key_days",
  {
    keyId: uuid("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    requests: integer("requests").notNull(),
    errors: integer("errors").notNull(),
    refused: integer("refused").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.keyId, t.day] }),
    // Every column a ranking reads, so that it is an index-only scan of the account's days.
    index("usage_key_days_account_day_idx").on(t.accountId, t.day, t.keyId, t.requests, t.errors, t.refused),
    // The platform's top keys read every account's days; retention deletes by day.
    index("usage_key_days_day_idx").on(t.day),
  ],
);
