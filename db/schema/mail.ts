import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Every mail Latchkey sends, kept: the outbox admins read in the dashboard. Sent over SMTP when SMTP_URL is set,
// retried with backoff while the server refuses or is away; without SMTP_URL (the embedded default) a mail is written
// to the server's log instead and kept here as "logged", so that a newcomer sees what would have gone out.
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    // What the mail tells of, when it tells of an event, and whom: for the outbox's filters.
    eventId: uuid("event_id"),
    userId: uuid("user_id"),
    accountId: uuid("account_id"),
    // queued → sent | logged | failed (given up after the last attempt).
    status: text("status").$type<MailStatus>().notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    // A sender that took the mail holds it until then; past it (the sender died), another takes it again.
    leaseUntil: timestamp("lease_until", { withTimezone: true, mode: "date" }),
    // Which taking of the mail holds the lease: a sender whose lease ran out cannot mark the mail another has taken.
    leaseId: uuid("lease_id"),
    lastError: text("last_error"),
    messageId: text("message_id"),
    // To the millisecond, as pages carry it in their cursor (a Date): ordered by it and the id, the index serves the
    // outbox's pages.
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" })
      .notNull()
      .default(sql`date_trunc('milliseconds', now())`),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("mail_outbox_waiting_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'queued'`),
    index("mail_outbox_created_id_idx").on(t.createdAt, t.id),
  ],
);

export type MailStatus = "queued" | "sent" | "logged" | "failed";
export type MailRow = typeof mailOutbox.$inferSelect;
