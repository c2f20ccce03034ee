import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { accounts, planNames } from "./accounts";
import { keyEnvironment, type KeyMetadata, rateLimitWindow, usageQuotaPeriod } from "./api-keys";

/**
 * A named set of key settings a new key starts from (never the key's name). Two kinds, told apart by account_id:
 * an account's own template, saved by its members (plan is null), and a plan template, made by admins for the
 * accounts on one plan, or on every plan when plan is null too. The command that applies one checks the account's
 * plan again: a template never grants more than the plan does.
 */
export const keyTemplates = pgTable(
  "key_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    plan: planNames("plan"),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    scopes: text("scopes").array().notNull(),
    environment: keyEnvironment("environment").notNull(),
    // A duration rather than a date: a template is used long after it is made. Null: keys that never expire.
    expiresInDays: integer("expires_in_days"),
    rateLimit: integer("rate_limit").notNull(),
    rateLimitWindow: rateLimitWindow("rate_limit_window").notNull(),
    // Both set or neither; neither: the plan's default quota, as a key made with none asked for.
    usageQuota: integer("usage_quota"),
    usageQuotaPeriod: usageQuotaPeriod("usage_quota_period"),
    ipAllowlist: text("ip_allowlist").array().notNull().default(sql`'{}'::text[]`),
    metadata: jsonb("metadata").$type<KeyMetadata>().notNull().default({}),
    // Who made it: kept when they leave, so no foreign key.
    createdBy: uuid("created_by"),
    ...timestamps,
  },
  (t) => [
    // One name per account among its own templates, and one among the plan templates (which every account on a plan
    // sees side by side, whichever plan each was made for), whatever the case.
    uniqueIndex("key_templates_account_name_idx").on(t.accountId, sql`lower(${t.name})`).where(sql`${t.accountId} is not null`),
    uniqueIndex("key_templates_plan_name_idx").on(sql`lower(${t.name})`).where(sql`${t.accountId} is null`),
    index("key_templates_plan_idx").on(t.plan),
    check("key_templates_kind_check", sql`${t.accountId} is null or ${t.plan} is null`),
    check(
      "key_templates_usage_quota_check",
      sql`(${t.usageQuota} is null) = (${t.usageQuotaPeriod} is null) and (${t.usageQuota} is null or ${t.usageQuota} > 0)`,
    ),
    check("key_templates_expiry_check", sql`${t.expiresInDays} is null or ${t.expiresInDays} > 0`),
  ],
);

export type KeyTemplate = typeof keyTemplates.$inferSelect;
export type NewKeyTemplate = typeof keyTemplates.$inferInsert;
