import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Leak reports: what a secret scanner (GitHub's partner program, another scanner holding LEAK_REPORT_TOKEN) or an
// admin told us was found in public, one row per token, and what was done about it. Never the token itself: a
// token of ours is named by its key (and the secret's row), anything else only by what the reporter said of it.
export const leakReports = pgTable(
  "leak_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // The tokens of one request share it.
    reportId: uuid("report_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    // Who reported: "github" (signed by GitHub), "scanner" (LEAK_REPORT_TOKEN) or "admin" (the admin area's form).
    via: text("via").$type<LeakReportVia>().notNull(),
    // The admin who used the form; null otherwise.
    reportedBy: uuid("reported_by"),
    tokenType: text("token_type").notNull(),
    url: text("url").notNull(),
    // Where the scanner found it (GitHub: content, commit, pull_request_comment, …), when it says.
    foundIn: text("found_in"),
    // Null when the token is not one of our secrets: nothing else about it is kept.
    keyId: uuid("key_id"),
    accountId: uuid("account_id"),
    // The secret (api_key_secrets.id) that was found: the same secret reported again is answered, not acted on, twice.
    secretId: uuid("secret_id"),
    outcome: text("outcome").$type<LeakOutcome>().notNull(),
  },
  (t) => [
    index("leak_reports_received_idx").on(t.receivedAt),
    // "Was this secret already dealt with?", asked under the key's lock for every real token.
    index("leak_reports_secret_idx").on(t.secretId).where(sql`${t.secretId} is not null`),
  ],
);

export const LEAK_REPORT_VIA = ["github", "scanner", "admin"] as const;
export type LeakReportVia = (typeof LEAK_REPORT_VIA)[number];

/**
 * revoked / rolled: this report did it. secret_ended: the roll policy, for an old secret still in its grace: that
 * secret ends soon, the key's current one is left alone. already_handled: an earlier report of the same secret did
 * one of these. inactive: a key of ours, but revoked or rolled out before anyone reported it (answered like an
 * unknown token). unknown: not ours.
 */
export const LEAK_OUTCOMES = ["revoked", "rolled", "secret_ended", "already_handled", "inactive", "unknown"] as const;
export type LeakOutcome = (typeof LEAK_OUTCOMES)[number];

export type LeakReportRow = typeof leakReports.$inferSelect;
export type NewLeakReportRow = typeof leakReports.$inferInsert;

// The admins' leak policy: one row (id 1), absent until an admin saves it; LEAK_POLICY and LEAK_ROLL_GRACE_MINUTES
// are the default until then.
export const leakPolicy = pgTable(
  "leak_policy",
  {
    id: smallint("id").primaryKey().default(1),
    action: text("action").$type<LeakAction>().notNull(),
    graceMinutes: integer("grace_minutes").notNull(),
    updatedBy: uuid("updated_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    check("leak_policy_one_row", sql`${t.id} = 1`),
    check("leak_policy_action", sql`${t.action} in ('revoke', 'roll')`),
    check("leak_policy_grace", sql`${t.graceMinutes} between 1 and 1440`),
  ],
);

export const LEAK_ACTIONS = ["revoke", "roll"] as const;
export type LeakAction = (typeof LEAK_ACTIONS)[number];
