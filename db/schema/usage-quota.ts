import { bigint, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { apiKeys } from "./api-keys";

// How much of its usage quota a key has used, per period: one row per key and period start (a UTC day, a UTC month's
// first day, or the epoch for a total). Kept in Postgres, not Redis: it is billing-grade and must survive restarts.
// Each counted call is one conditional upsert of its row (lib/keys/usage-quota.ts), so any number of instances share
// one exact count; a new period is a new row, which is the refill.
export const usageQuotaCounters = pgTable(
  "usage_quota_counters",
  {
    keyId: uuid("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    periodStart: timestamp("period_start", { withTimezone: true, mode: "date" }).notNull(),
    used: bigint("used", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.periodStart] })],
);

export type UsageQuotaCounter = typeof usageQuotaCounters.$inferSelect;
