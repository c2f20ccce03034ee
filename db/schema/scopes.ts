import { boolean, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";

// The scope catalogue. Built-in scopes are inserted by a migration, so every database has them.
export const scopes = pgTable("scopes", {
  name: text("name").primaryKey(),
  description: text("description").notNull(),
  // Only an admin may grant an admin-only scope; a client never can, on any path.
  adminOnly: boolean("admin_only").notNull().default(false),
  deprecatedAt: timestamp("deprecated_at", { withTimezone: true, mode: "date" }),
  ...timestamps,
});

export type Scope = typeof scopes.$inferSelect;
