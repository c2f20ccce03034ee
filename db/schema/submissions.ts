import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

// The forms that issue a secret (generate or roll a key, add a webhook endpoint or roll its secret) carry a token
// made when the form opened; the API's Idempotency-Key header is the same thing. The command claims the token in
// its own transaction: a second submission (a double click, a retried request) waits for the first to commit, then
// finds the token taken and is refused, so that one form makes one secret, which went back to the first submission.
// Kept for a day (the retention job).
export const formSubmissions = pgTable(
  "form_submissions",
  {
    // Whose token it is: an account's id, or "platform" for the admins' own webhook endpoints. Not a foreign key,
    // so that both fit; a deleted account's tokens go within the day anyway.
    scope: text("scope").notNull(),
    // A uuid from a dashboard form, or the API's Idempotency-Key (printable text up to 255 characters).
    token: text("token").notNull(),
    // What was submitted ("key.create", "key.roll", ...), for whoever reads the table.
    action: text("action").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.token] }), index("form_submissions_created_idx").on(t.createdAt)],
);
