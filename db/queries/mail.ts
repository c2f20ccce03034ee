import "server-only";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { mailOutbox, type MailRow } from "@/db/schema";
import { resultRows } from "@/db/rows";

export type NewMail = Pick<MailRow, "toAddress" | "subject" | "textBody"> &
  Partial<Pick<MailRow, "eventId" | "userId" | "accountId">>;

// Rows per INSERT: far below the 65,535 parameters one statement may carry.
const CHUNK = 1_000;

export async function insertMail(executor: Executor, mails: NewMail[]): Promise<void> {
  for (let at = 0; at < mails.length; at += CHUNK) await executor.insert(mailOutbox).values(mails.slice(at, at + CHUNK));
}

/**
 * Takes up to `limit` mails due for an attempt, leased to this sender for `leaseSeconds` (a sender that dies lets go
 * when the lease ends), and counts the attempt. Two senders never take the same mail at once (SKIP LOCKED); the
 * lease must outlast sending what was taken, or the mail may be taken, and sent, again.
 */
export async function leaseDueMail(limit: number, leaseSeconds: number): Promise<MailRow[]> {
  const db = await getDb();
  const rows = resultRows<Record<string, unknown>>(
    await db.execute(sql`
      update ${mailOutbox}
      set lease_until = now() + make_interval(secs => ${leaseSeconds}), lease_id = gen_random_uuid(), attempts = attempts + 1
      where id in (
        select id from ${mailOutbox}
        where status = 'queued' and next_attempt_at <= now() and (lease_until is null or lease_until < now())
        order by next_attempt_at
        limit ${limit}
        for update skip locked)
      returning id`),
  );
  if (rows.length === 0) return [];
  return db
    .select()
    .from(mailOutbox)
    .where(
      inArray(
        mailOutbox.id,
        rows.map((row) => String(row.id)),
      ),
    );
}

/** Marks a leased mail; only the lease that took it may (`lease`: the mail as leaseDueMail answered it). */
export async function markMailSent(
  lease: Pick<MailRow, "id" | "leaseId">,
  status: "sent" | "logged",
  messageId: string | null,
): Promise<void> {
  const db = await getDb();
  await db
    .update(mailOutbox)
    .set({
      status,
      messageId,
      sentAt: sql`now()`,
      leaseUntil: null,
      leaseId: null,
      lastError: null,
      // Once a mail is in its recipient's hands, the outbox keeps no working one-time link (a password reset, an
      // address confirmation): an admin reading /admin/mail, or a copy of the database, finds the path but no token.
      // Logged mail (no SMTP_URL) keeps it: the log and this page are then its only delivery.
      ...(status === "sent" && {
        textBody: sql`regexp_replace(${mailOutbox.textBody}, ${ONE_TIME_LINK}, ${LINK_KEPT_AS}, 'g')`,
      }),
    })
    .where(heldBy(lease));
}

/** The token part of the one-time links account mail carries (lib/accounts/account-mail.ts): base64url. */
const ONE_TIME_LINK = "(/reset-password/|/account/confirm-email/)[A-Za-z0-9_-]+";
const LINK_KEPT_AS = "\\1[sent, not kept]";

/** A failed attempt: tried again at `retryAt`, or given up (null). */
export async function markMailFailed(lease: Pick<MailRow, "id" | "leaseId">, error: string, retryAt: Date | null): Promise<void> {
  const db = await getDb();
  await db
    .update(mailOutbox)
    .set(
      retryAt
        ? { nextAttemptAt: retryAt, leaseUntil: null, leaseId: null, lastError: error }
        : { status: "failed", leaseUntil: null, leaseId: null, lastError: error },
    )
    .where(heldBy(lease));
}

const heldBy = (lease: Pick<MailRow, "id" | "leaseId">) =>
  and(eq(mailOutbox.id, lease.id), lease.leaseId ? eq(mailOutbox.leaseId, lease.leaseId) : isNull(mailOutbox.leaseId));

/**
 * The outbox, newest first, `limit` at a time; `before` (a mail's time and id: the mails of one dispatch share their
 * time) continues after it.
 */
export async function listOutbox({ before, limit }: { before?: { at: Date; id: string }; limit: number }) {
  const db = await getDb();
  // created_at is kept to the millisecond, as the cursor carries it (db/schema/mail.ts).
  const at = mailOutbox.createdAt;
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(
      before
        ? sql`(${at} < ${before.at.toISOString()}::timestamptz or (${at} = ${before.at.toISOString()}::timestamptz and ${mailOutbox.id} < ${before.id}))`
        : undefined,
    )
    .orderBy(desc(at), desc(mailOutbox.id))
    .limit(limit + 1);
  return { mails: rows.slice(0, limit), hasMore: rows.length > limit };
}
