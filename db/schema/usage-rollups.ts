import { bigint, boolean, date, index, integer, pgTable, primaryKey, smallint, text, uuid } from "drizzle-orm/pg-core";
import { apiKeys } from "./api-keys";
import { USAGE_SOURCES } from "./usage";

// Upper bounds (ms) of the latency histogram kept with every rollup row; a last bucket counts everything slower.
// Percentiles over any range are read from summed histograms, so no chart ever scans raw events.
export const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] as const;

// Usage per key, per day (UTC), per route, per exact status, outcome and source, written in the same transaction as the raw events.
export const usageRollups = pgTable(
  "usage_rollups",
  {
    keyId: uuid("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
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
  },
  (t) => [
    primaryKey({ columns: [t.keyId, t.day, t.route, t.status, t.refused, t.outcome, t.source] }),
    index("usage_rollups_account_day_idx").on(t.accountId, t.day),
    index("usage_rollups_day_idx").on(t.day),
  ],
);

export type UsageRollup = typeof usageRollups.$inferSelect;
