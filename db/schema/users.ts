import { pgEnum, pgTable, text, timestamp, uuid, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { timestamps } from "./columns";

export const userRole = pgEnum("user_role", ["client", "admin"]);
export const userStatus = pgEnum("user_status", ["active", "suspended"]);
export const userPlan = pgEnum("user_plan", ["none", "basic", "advanced"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull().default("client"),
    status: userStatus("status").notNull().default("active"),
    plan: userPlan("plan").notNull().default("basic"),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  // Emails are compared case-insensitively: Alice@x.com and alice@x.com are one account.
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
