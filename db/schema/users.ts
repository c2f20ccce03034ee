import { pgEnum, pgTable, text, timestamp, uuid, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { timestamps } from "./columns";

export const userRole = pgEnum("user_role", ["client", "admin"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    // The platform's own staff are "admin"; what a person may do in an account is their membership's role.
    role: userRole("role").notNull().default("client"),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true, mode: "date" }),
    // A deleted person (lib/accounts/user-deletion.ts): the row stays, because the audit trail names its id, but its
    // email becomes a tombstone (the address may sign up again), its name is scrubbed and its password hash emptied.
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  // Emails are compared case-insensitively: Alice@x.com and alice@x.com are one account.
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
