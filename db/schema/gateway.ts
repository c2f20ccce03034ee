import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";

// Upstream services the gateway forwards to. Only these are ever reached: a client names a service by its slug in
// `/gw/<slug>/…` and never chooses a scheme, host or port. The signing secret is not stored: it is derived from
// AUTH_SECRET, the service's id and `signingSecretVersion` (lib/auth/upstream-signing.ts); rotating bumps the version.
export const gatewayServices = pgTable(
  "gateway_services",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    baseUrl: text("base_url").notNull(),
    timeoutMs: integer("timeout_ms").notNull().default(10_000),
    enabled: boolean("enabled").notNull().default(true),
    signingSecretVersion: integer("signing_secret_version").notNull().default(1),
    // After a rotation the previous secret's signature is sent beside the new one until then, so that an upstream
    // can be given the new secret without a moment in which it refuses every call.
    previousSecretUntil: timestamp("previous_secret_until", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("gateway_services_slug_idx").on(t.slug),
    check("gateway_services_timeout_check", sql`${t.timeoutMs} between 100 and 300000`),
  ],
);

export type GatewayService = typeof gatewayServices.$inferSelect;
export type NewGatewayService = typeof gatewayServices.$inferInsert;

// Which calls a service accepts and what each needs. Rules are tried in `position` order; the first whose method and
// path pattern match decides the scopes and the cost. A call no rule matches is refused (404), never forwarded.
export const gatewayRoutes = pgTable(
  "gateway_routes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => gatewayServices.id, { onDelete: "cascade" }),
    // An HTTP method, or ANY.
    method: text("method").notNull(),
    // A path-to-regexp pattern relative to the service: /payments/:id, /files/*path.
    pathPattern: text("path_pattern").notNull(),
    requiredScopes: text("required_scopes").array().notNull().default(sql`'{}'::text[]`),
    // Requests of the key's rate limit one call uses.
    cost: integer("cost").notNull().default(1),
    position: integer("position").notNull(),
    ...timestamps,
  },
  (t) => [
    index("gateway_routes_service_position_idx").on(t.serviceId, t.position),
    check("gateway_routes_cost_check", sql`${t.cost} between 1 and 1000`),
  ],
);

export type GatewayRoute = typeof gatewayRoutes.$inferSelect;
export type NewGatewayRoute = typeof gatewayRoutes.$inferInsert;
