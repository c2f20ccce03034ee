import { sql } from "drizzle-orm";
import { check, integer, pgTable, text } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { planNames } from "./accounts";
import { usageQuotaPeriod } from "./api-keys";

// What each plan lets a client do. Enforced on the server on every path (dashboard, API, admin acting for a client).
export const plans = pgTable(
  "plans",
  {
    name: planNames("name").primaryKey(),
    description: text("description").notNull(),
    // Keys that are neither revoked nor expired; 0 means no API access at all.
    maxActiveKeys: integer("max_active_keys").notNull(),
    // The highest limit a key may have, expressed per minute (a per-hour limit counts as limit / 60).
    maxRequestsPerMinute: integer("max_requests_per_minute").notNull(),
    // Scopes keys on this plan may hold; admin-only scopes stay admin-only whatever is listed here.
    allowedScopes: text("allowed_scopes").array().notNull(),
    // The usage quota a new key gets when its maker does not choose one (both null: none).
    defaultUsageQuota: integer("default_usage_quota"),
    defaultUsageQuotaPeriod: usageQuotaPeriod("default_usage_quota_period"),
    // The most a key's usage quota may allow in a month (a daily quota counts 31 days, a total counts as it is); null
    // means no maximum. With a maximum, every key on the plan needs a quota.
    maxUsageQuotaPerMonth: integer("max_usage_quota_per_month"),
    ...timestamps,
  },
  (t) => [
    check(
      "plans_usage_quota_check",
      sql`(${t.defaultUsageQuota} is null) = (${t.defaultUsageQuotaPeriod} is null) and (${t.defaultUsageQuota} is null or ${t.defaultUsageQuota} > 0) and (${t.maxUsageQuotaPerMonth} is null or ${t.maxUsageQuotaPerMonth} > 0)`,
    ),
  ],
);

export type Plan = typeof plans.$inferSelect;
