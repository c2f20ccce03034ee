import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { accounts, serviceAccounts } from "./accounts";
import { scopes } from "./scopes";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [field: string]: JsonValue };
/** A key's metadata: any JSON object (lib/validations/key-metadata.ts bounds it). */
export type KeyMetadata = { [field: string]: JsonValue };

export const keyEnvironment = pgEnum("key_environment", ["live", "test"]);
export const rateLimitWindow = pgEnum("rate_limit_window", ["minute", "hour"]);
// The usage quota's period: a UTC day, a UTC calendar month, or the key's whole life (no refill).
export const usageQuotaPeriod = pgEnum("usage_quota_period", ["day", "month", "total"]);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    // Who made the key: kept when they leave (the account owns the key), so no foreign key.
    createdBy: uuid("created_by"),
    // The service account holding the key, for keys of a team's machines; null for a key held by the account itself.
    serviceAccountId: uuid("service_account_id").references(() => serviceAccounts.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    environment: keyEnvironment("environment").notNull(),
    // The visible start of the current secret (prefix and a few characters), never enough to use it.
    start: text("start").notNull(),
    rateLimit: integer("rate_limit").notNull(),
    rateLimitWindow: rateLimitWindow("rate_limit_window").notNull(),
    // The usage quota (lib/keys/usage-quota.ts), both set or neither: null means none, and the hot path then asks
    // nothing of the database for it.
    usageQuota: integer("usage_quota"),
    usageQuotaPeriod: usageQuotaPeriod("usage_quota_period"),
    // The owner's own data about the key (a customer id, a tier): a JSON object of at most 4 KB
    // (lib/validations/key-metadata.ts), returned by the API and by verify so that a platform need not look it up.
    metadata: jsonb("metadata").$type<KeyMetadata>().notNull().default({}),
    // CIDR blocks (IPv4 or IPv6) the key may be used from; empty means anywhere.
    ipAllowlist: text("ip_allowlist").array().notNull().default(sql`'{}'::text[]`),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    // Turned off by its owner, reversibly (revoking is final): every secret of it is refused while this is set.
    disabledAt: timestamp("disabled_at", { withTimezone: true, mode: "date" }),
    // A revoked key can be hidden from the list; the row stays for the audit trail.
    hiddenAt: timestamp("hidden_at", { withTimezone: true, mode: "date" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    requestCount: bigint("request_count", { mode: "number" }).notNull().default(0),
    // The accepted calls, and the failed ones among them, of the hour (UTC) of the key's last use: kept by the usage
    // writer in the update it makes of the key's counters anyway, for the spike and error-rate signals
    // (lib/events/usage-signals.ts) to compare across instances without a row of their own per key and batch.
    usageHour: timestamp("usage_hour", { withTimezone: true, mode: "date" }),
    usageHourCalls: integer("usage_hour_calls").notNull().default(0),
    usageHourFailures: integer("usage_hour_failures").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index("api_keys_account_created_idx").on(t.accountId, t.createdAt),
    // The expiry check (lib/events/expiry-checks.ts) looks at live keys with an expiry, every minute.
    index("api_keys_expiring_idx").on(t.expiresAt).where(sql`${t.revokedAt} is null and ${t.expiresAt} is not null`),
    check(
      "api_keys_usage_quota_check",
      sql`(${t.usageQuota} is null) = (${t.usageQuotaPeriod} is null) and (${t.usageQuota} is null or ${t.usageQuota} > 0)`,
    ),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
export type NewApiKey = typeof apiKeys.$inferInsert;

// Each secret a key has had. The current one has no expiry; a rolled-out one expires at once or
// at the end of the grace period its owner chose. Lookups go through the unique hash index.
export const apiKeySecrets = pgTable(
  "api_key_secrets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    keyId: uuid("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    // SHA-256 of the whole key, hex. The raw key is never stored.
    hash: text("hash").notNull(),
    start: text("start").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("api_key_secrets_hash_idx").on(t.hash),
    index("api_key_secrets_key_idx").on(t.keyId),
    // Old secrets with an end (rolled with a grace, or ended by a revocation): the check of graces ending.
    index("api_key_secrets_ending_idx").on(t.expiresAt).where(sql`${t.expiresAt} is not null`),
  ],
);

export type ApiKeySecret = typeof apiKeySecrets.$inferSelect;

export const apiKeyScopes = pgTable(
  "api_key_scopes",
  {
    keyId: uuid("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    scope: text("scope")
      .notNull()
      .references(() => scopes.name, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.scope] })],
);
