import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { leaseDueMail, markMailFailed, markMailSent } from "@/db/queries/mail";
import { env } from "@/lib/infra/env";
import { coalesced } from "@/lib/infra/coalesced";
import { logger } from "@/lib/infra/logger";

// Sends what waits in the outbox (db/schema/mail.ts). Each mail is leased to one sender at a time, sent outside any
// transaction (an SMTP server may be slow), then marked; a refused or failed attempt is tried again with backoff for
// about a day, then given up and kept as failed. Without SMTP_URL each mail goes to the server's log instead.

// One mail per lease, and a lease longer than the longest attempt (nodemailer's timeouts below add up to 40 s): a mail
// is never taken again while it is still being sent. A sender killed between sending and marking sends it again later
// (at least once, like any mail relay).
const BATCH = 1;
const LEASE_SECONDS = 120;
// After attempt n fails, the next comes this long after: about 22 hours in all, then the mail is given up.
const RETRY_AFTER_MINUTES = [1, 5, 15, 60, 180, 360, 720];

export interface MailTransport {
  send(mail: { from: string; to: string; subject: string; text: string }): Promise<{ messageId: string }>;
}

let smtp: { url: string; transporter: Transporter } | undefined;

/** The SMTP transport SMTP_URL names (one per process), or null when mail goes to the log. */
export function smtpTransport(): MailTransport | null {
  const url = env().SMTP_URL;
  if (!url) return null;
  if (smtp?.url !== url) {
    // Bounded waits: a server that does not answer fails this attempt, which is tried again later.
    smtp = {
      url,
      transporter: nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }),
    };
  }
  const { transporter } = smtp;
  return { send: async (mail) => ({ messageId: (await transporter.sendMail(mail)).messageId }) };
}

export interface SendResult {
  sent: number;
  logged: number;
  retrying: number;
  failed: number;
}

/** Sends every mail that is due, batch by batch. `transport` null: written to the log. */
export async function sendDueMail(transport: MailTransport | null = smtpTransport()): Promise<SendResult> {
  const result: SendResult = { sent: 0, logged: 0, retrying: 0, failed: 0 };
  for (;;) {
    const batch = await leaseDueMail(BATCH, LEASE_SECONDS);
    for (const mail of batch) {
      if (!transport) {
        logger.info(
          { mail: { id: mail.id, to: mail.toAddress, subject: mail.subject, text: mail.textBody } },
          "mail (no SMTP_URL: logged, not sent)",
        );
        await markMailSent(mail, "logged", null);
        result.logged++;
        continue;
      }
      let messageId: string;
      try {
        ({ messageId } = await transport.send({
          from: env().MAIL_FROM,
          to: mail.toAddress,
          subject: mail.subject,
          text: mail.textBody,
        }));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const wait = RETRY_AFTER_MINUTES[mail.attempts - 1];
        await markMailFailed(mail, reason.slice(0, 500), wait === undefined ? null : new Date(Date.now() + wait * 60_000));
        if (wait === undefined) result.failed++;
        else result.retrying++;
        logger.warn({ mailId: mail.id, attempt: mail.attempts, err: error, givenUp: wait === undefined }, "sending mail failed");
        continue;
      }
      // Sent. Should the database fail to take the mark, the run stops here and the mail stays leased: it is sent
      // again once the lease runs out (at least once, never lost), and the log says so.
      await markMailSent(mail, "sent", messageId).catch((error: unknown) => {
        logger.error({ mailId: mail.id, err: error }, "mail sent but not marked; it will be sent again after its lease");
        throw error;
      });
      result.sent++;
    }
    if (batch.length < BATCH) return result;
  }
}

/** Sends what is due now; a call while a run is under way makes it go round once more. */
export const sendMailSoon = coalesced(
  "mail",
  async () => {
    await sendDueMail();
  },
  (error) => logger.error({ err: error }, "sending mail failed; the next sweep retries"),
);
