import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { users } from "./users";

export const accountKind = pgEnum("account_kind", ["personal", "organization"]);
export const accountStatus = pgEnum("account_status", ["active", "suspended"]);
export const planNames = pgEnum("user_plan", ["none", "basic", "advanced"]);
// What a member may do in an account, highest first (lib/accounts/roles.ts says what each allows).
export const memberRole = pgEnum("member_role", ["owner", "admin", "developer", "viewer"]);

/**
 * A client of the platform: it owns keys, plan, usage and its audit trail; people reach it through memberships.
 * Signing up makes a personal account whose id is the user's own (accounts migrated from the days when a client was
 * one person kept their ids, so every usage and audit row kept its tenant); organisations get ids of their own.
 */
export const accounts = pgTable("accounts", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  kind: accountKind("kind").notNull(),
  plan: planNames("plan").notNull().default("basic"),
  status: accountStatus("status").notNull().default("active"),
  // An owner's open request for another plan, for an admin to grant or decline: one at a time, the latest wins.
  requestedPlan: planNames("requested_plan"),
  planRequestedAt: timestamp("plan_requested_at", { withTimezone: true, mode: "date" }),
  planRequestedBy: uuid("plan_requested_by"),
  // An organisation its owner deleted: keys revoked, members gone; the row stays so that usage and the audit trail
  // still name their tenant.
  closedAt: timestamp("closed_at", { withTimezone: true, mode: "date" }),
  ...timestamps,
});

export const memberships = pgTable(
  "memberships",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole("role").notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.accountId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

// An invitation is a link that works once, before it expires, for the email it was sent to. Only the SHA-256 of its
// token is kept: the link itself is shown to the person who made it, once.
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: memberRole("role").notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by"),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true, mode: "date" }),
    acceptedBy: uuid("accepted_by"),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_idx").on(t.tokenHash),
    index("invitations_account_idx").on(t.accountId, t.createdAt),
    // One open invitation per address and account: inviting again replaces the link rather than adding a second.
    uniqueIndex("invitations_open_email_idx")
      .on(t.accountId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
);

/**
 * A named non-human member: keys made for a team's machines are held by it, so that none depends on a person. Its
 * role bounds what its keys may carry, as a person's role bounds theirs. Retired, its keys are revoked with it.
 */
export const serviceAccounts = pgTable(
  "service_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    role: memberRole("role").notNull(),
    createdBy: uuid("created_by"),
    retiredAt: timestamp("retired_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [index("service_accounts_account_idx").on(t.accountId)],
);

export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
export type Membership = typeof memberships.$inferSelect;
export type MemberRole = (typeof memberRole.enumValues)[number];
export type Invitation = typeof invitations.$inferSelect;
export type ServiceAccount = typeof serviceAccounts.$inferSelect;
