import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { apiKeys } from "./api-keys";

// When each key last made an accepted call that needed each scope: a route of Latchkey's API that requires it, or a
// call of the platform's own verified for it. "Scopes broader than used" reads it, whatever route the call was.
export const keyScopeUses = pgTable(
  "key_scope_uses",
  {
    keyId: uuid("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    scope: text("scope").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.scope] })],
);
