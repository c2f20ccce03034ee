import { sql } from "drizzle-orm";
import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { events } from "./events";
import { users } from "./users";

// The dashboard's inbox: one row per person told of an event, made when the event is dispatched (lib/events/dispatch.ts).
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    // A dispatch run again (its transaction retried) tells nobody twice.
    uniqueIndex("notifications_user_event_idx").on(t.userId, t.eventId),
    index("notifications_user_created_idx").on(t.userId, t.createdAt),
    // The header's unread count, on every dashboard page.
    index("notifications_unread_idx").on(t.userId, t.accountId).where(sql`${t.readAt} is null`),
  ],
);

// Which events reach a person by which channel. No row: the event type's default (lib/events/channels.ts).
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    inApp: boolean("in_app").notNull(),
    email: boolean("email").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.eventType] })],
);

export type Notification = typeof notifications.$inferSelect;
export type NotificationPreference = typeof notificationPreferences.$inferSelect;
