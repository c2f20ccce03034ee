import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export type UserTokenPurpose = "password_reset" | "email_change";

/**
 * One-time links mailed to a person: a password reset, or the confirmation of a new email address. Only the SHA-256 of
 * the random token is kept (the mailed link is the one place the token exists). A token works once (`usedAt`), before
 * `expiresAt`, and stops working when a newer one of its kind is made or it is withdrawn (`revokedAt`).
 */
export const userTokens = pgTable(
  "user_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose").$type<UserTokenPurpose>().notNull(),
    tokenHash: text("token_hash").notNull(),
    // The address an email change moves to; null for a password reset.
    newEmail: text("new_email"),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("user_tokens_token_hash_idx").on(t.tokenHash),
    // A person's open tokens of one kind: found to withdraw them when a new one is made or the password changes.
    index("user_tokens_open_idx").on(t.userId, t.purpose).where(sql`${t.usedAt} is null and ${t.revokedAt} is null`),
  ],
);

export type UserToken = typeof userTokens.$inferSelect;
export type NewUserToken = typeof userTokens.$inferInsert;
