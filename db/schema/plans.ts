import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { planNames } from "./accounts";

// What each plan lets a client do. Enforced on the server on every path (dashboard, API, admin acting for a client).
export const plans = pgTable("plans", {
  name: planNames("name").primaryKey(),
  description: text("description").notNull(),
  // Keys that are neither revoked nor expired; 0 means no API access at all.
  maxActiveKeys: integer("max_active_keys").notNull(),
  // The highest limit a key may have, expressed per minute (a per-hour limit counts as limit / 60).
  maxRequestsPerMinute: integer("max_requests_per_minute").notNull(),
  // Scopes keys on this plan may hold; admin-only scopes stay admin-only whatever is listed here.
  allowedScopes: text("allowed_scopes").array().notNull(),
  ...timestamps,
});

export type Plan = typeof plans.$inferSelect;
