import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// The audit trail. Ids are kept as plain values rather than foreign keys so that a row outlives
// whatever it describes. Never holds a secret: `changes` carries field names and non-secret values.
// Refused attempts are rows too, with an action ending in ".denied".
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id"),
    actorKeyId: uuid("actor_key_id"),
    // The tenant the action concerns; a client's trail is every row with their id here.
    accountId: uuid("account_id"),
    action: text("action").notNull(),
    keyId: uuid("key_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    changes: jsonb("changes").$type<AuditChanges>(),
    // Tamper evidence: each row's hash covers its own fields and the previous row's hash (see lib/audit/chain.ts).
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (t) => [
    index("audit_events_account_at_idx").on(t.accountId, t.at),
    index("audit_events_key_idx").on(t.keyId),
    index("audit_events_at_idx").on(t.at),
    index("audit_events_actor_idx").on(t.actorUserId),
  ],
);

export type AuditChanges = Record<string, { from?: unknown; to?: unknown }>;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
