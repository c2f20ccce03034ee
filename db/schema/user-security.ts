import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

// A signed-in browser. The session cookie is a JWT that carries this row's id; every request checks the row
// (lib/http/session.ts), so ending it signs that browser out even though the JWT itself cannot be taken back.
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    // Written at most once a minute (lib/auth/sessions.ts), so that pages do not each write a row.
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    // What the browser said at sign-in, for the person to recognise it by; never used to decide anything.
    ip: text("ip"),
    userAgent: text("user_agent"),
    // The last time the person proved who they are in this session (sign-in, or a step-up): see lib/auth/step-up.ts.
    reauthenticatedAt: timestamp("reauthenticated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId, t.lastSeenAt)],
);

export type UserSession = typeof userSessions.$inferSelect;

// A person's TOTP authenticator. The secret is sealed (AES-256-GCM, lib/auth/totp-secret.ts): checking a
// code needs the secret itself, so it cannot be a hash. A row with no enabled_at is an enrolment not yet confirmed.
export const userTwoFactor = pgTable("user_two_factor", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secretSealed: text("secret_sealed").notNull(),
  enabledAt: timestamp("enabled_at", { withTimezone: true, mode: "date" }),
  // The time step of the last code accepted: that code, and any earlier one, is refused (no replay).
  lastTimeStep: integer("last_time_step"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type UserTwoFactor = typeof userTwoFactor.$inferSelect;

// Recovery codes: SHA-256 of each (they are random, 60 bits, and sign-in is throttled), each good once.
export const userRecoveryCodes = pgTable(
  "user_recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("user_recovery_codes_user_idx").on(t.userId)],
);
