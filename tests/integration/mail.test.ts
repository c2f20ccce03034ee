import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { eq, inArray } from "drizzle-orm";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { insertMail, leaseDueMail, listOutbox, markMailSent } from "@/db/queries/mail";
import { mailOutbox } from "@/db/schema";
import { type MailTransport, sendDueMail } from "@/lib/events/mail-sender";
import { eventMail } from "@/lib/events/mail-content";
import { freeze } from "../support/freeze";
import { setUpOwnDatabase } from "../support/own-database";

// A database of its own: the sender takes every queued mail, and the frozen test locks the outbox.
setUpOwnDatabase();

// Mail through a real SMTP server process of the test's own (smtp-server, on a free port of loopback).

interface Received {
  to: string[];
  raw: string;
}
const received: Received[] = [];
let refuse = false;
let server: SMTPServer;
let transport: MailTransport;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo(_address, _session, callback) {
      if (refuse) return callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        // The body comes quoted-printable (it holds “curly quotes”): read back as the text it encodes.
        const raw = Buffer.concat(chunks)
          .toString("latin1")
          .replace(/=\r?\n/g, "")
          .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
        received.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.from(raw, "latin1").toString("utf8"),
        });
        callback();
      });
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const { port } = server.server.address() as AddressInfo;
  const transporter = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  transport = { send: async (mail) => ({ messageId: (await transporter.sendMail(mail)).messageId }) };
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function queued(to: string) {
  const db = await getDb();
  const mail = eventMail(
    {
      type: "key.expiring",
      keyId: "0193a5b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b",
      occurredAt: new Date("2026-12-02T10:00:00Z"),
      data: { key: { name: "Orders", start: "lk_live_AbCd", expiresAt: "2026-12-09T10:00:00.000Z" }, within: "7d" },
    },
    { email: to, accountName: "Acme Ltd" },
    "https://keys.example.com",
  );
  await insertMail(db, [mail]);
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to));
  return row;
}

async function rowsOf(ids: string[]) {
  const db = await getDb();
  return db.select().from(mailOutbox).where(inArray(mailOutbox.id, ids));
}

describe("mail", () => {
  it("goes out over SMTP with the event in words and links to the key and the choices, once", async () => {
    const to = `mail-${Date.now()}@example.com`;
    const mail = await queued(to);
    await sendDueMail(transport);
    await sendDueMail(transport);

    const mine = received.filter((message) => message.to.includes(to));
    expect(mine).toHaveLength(1);
    expect(mine[0].raw).toContain("Subject: [Latchkey] Key expires soon: Orders");
    expect(mine[0].raw).toContain("expires Dec 9, 2026, 10:00 UTC");
    expect(mine[0].raw).toContain("https://keys.example.com/keys/0193a5b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b");
    expect(mine[0].raw).toContain("https://keys.example.com/notifications/settings");
    const [row] = await rowsOf([mail.id]);
    expect(row).toMatchObject({ status: "sent", attempts: 1, leaseUntil: null, lastError: null });
    expect(row.messageId).toMatch(/@/);
  });

  it("keeps no working one-time link once sent; a mail only logged (no SMTP) keeps it, being its only delivery", async () => {
    const db = await getDb();
    const token = "AbC-d_9".repeat(6);
    const body = `Reset it: https://keys.example.com/reset-password/${token}\nOr: /account/confirm-email/${token}`;
    const [sentTo, loggedTo] = [`link-${Date.now()}@example.com`, `logged-${Date.now()}@example.com`];
    await insertMail(db, [
      { toAddress: sentTo, subject: "Reset", textBody: body },
      { toAddress: loggedTo, subject: "Reset", textBody: body },
    ]);
    const [sent] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, sentTo));
    await db
      .update(mailOutbox)
      .set({ nextAttemptAt: new Date(Date.now() + 3_600_000) })
      .where(eq(mailOutbox.toAddress, loggedTo));
    await sendDueMail(transport);
    // The recipient got the link whole; the outbox keeps only its path.
    expect(received.find((message) => message.to.includes(sentTo))?.raw).toContain(token);
    const [kept] = await rowsOf([sent.id]);
    expect(kept.textBody).toBe(
      "Reset it: https://keys.example.com/reset-password/[sent, not kept]\nOr: /account/confirm-email/[sent, not kept]",
    );
    await db.update(mailOutbox).set({ nextAttemptAt: new Date() }).where(eq(mailOutbox.toAddress, loggedTo));
    await sendDueMail(null);
    const [logged] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, loggedTo));
    expect(logged).toMatchObject({ status: "logged", textBody: body });
  });

  it("is tried again later when the server refuses it, and given up after the last attempt", async () => {
    const to = `refused-${Date.now()}@example.com`;
    const mail = await queued(to);
    refuse = true;
    try {
      await sendDueMail(transport);
      let [row] = await rowsOf([mail.id]);
      expect(row).toMatchObject({ status: "queued", attempts: 1 });
      expect(row.lastError).toContain("mailbox unavailable");
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);

      // The last attempt: due now, and refused again.
      const db = await getDb();
      await db.update(mailOutbox).set({ attempts: 7, nextAttemptAt: new Date() }).where(eq(mailOutbox.id, mail.id));
      await sendDueMail(transport);
      [row] = await rowsOf([mail.id]);
      expect(row).toMatchObject({ status: "failed", attempts: 8 });
    } finally {
      refuse = false;
    }
    expect(received.filter((message) => message.to.includes(to))).toEqual([]);
  });

  it("without SMTP is written to the log and kept as logged", async () => {
    const mail = await queued(`logged-${Date.now()}@example.com`);
    await sendDueMail(null);
    const [row] = await rowsOf([mail.id]);
    expect(row).toMatchObject({ status: "logged", messageId: null });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it("pages through the outbox newest first without losing mails written together", async () => {
    const db = await getDb();
    const stamp = `page-${Date.now()}`;
    await insertMail(
      db,
      [1, 2, 3].map((n) => ({ toAddress: `${stamp}-${n}@example.com`, subject: stamp, textBody: "." })),
    );
    const seen: string[] = [];
    let before: { at: Date; id: string } | undefined;
    for (;;) {
      const { mails, hasMore } = await listOutbox({ before, limit: 2 });
      seen.push(...mails.filter((mail) => mail.subject === stamp).map((mail) => mail.toAddress));
      const last = mails.at(-1);
      if (!hasMore || !last || seen.length === 3) break;
      before = { at: last.createdAt, id: last.id };
    }
    expect(seen.sort()).toEqual([1, 2, 3].map((n) => `${stamp}-${n}@example.com`));
  });

  it("is marked only by the lease that holds it: a sender whose lease ran out changes nothing", async () => {
    const mail = await queued(`lease-${Date.now()}@example.com`);
    const db = await getDb();
    const taken = (await leaseDueMail(50, 120)).find((row) => row.id === mail.id);
    expect(taken?.leaseId).toBeTruthy();
    // Another sender took it meanwhile (this lease ran out).
    await db.update(mailOutbox).set({ leaseId: crypto.randomUUID() }).where(eq(mailOutbox.id, mail.id));
    await markMailSent(taken!, "sent", "<stale@example.com>");
    const [row] = await rowsOf([mail.id]);
    expect(row).toMatchObject({ status: "queued", messageId: null });
    // Let go, for the other tests' senders.
    await db.update(mailOutbox).set({ status: "failed", leaseId: null, leaseUntil: null }).where(eq(mailOutbox.id, mail.id));
  });

  // PGlite has no second session to hold the lock: not listed on the embedded run.
  (process.env.DATABASE_URL ? it : () => {})(
    "sent while the outbox froze, is sent again after its lease: never lost, and never twice before the lease ends",
    async () => {
      const to = `frozen-${Date.now()}@example.com`;
      const mail = await queued(to);
      let frozen: Awaited<ReturnType<typeof freeze>> | undefined;
      const freezing: MailTransport = {
        async send(message) {
          const sent = await transport.send(message);
          // The server took it; the database stops answering before the sender can mark it.
          if (message.to === to) frozen ??= await freeze("mail_outbox");
          return sent;
        },
      };
      try {
        await expect(sendDueMail(freezing)).rejects.toThrow();
      } finally {
        await frozen?.release();
      }
      const mine = () => received.filter((message) => message.to.includes(to));
      expect(mine()).toHaveLength(1);
      // Still leased: no sender takes it again before the lease runs out.
      await sendDueMail(transport);
      expect(mine()).toHaveLength(1);
      const [held] = await rowsOf([mail.id]);
      expect(held.status).toBe("queued");
      expect(held.leaseUntil?.getTime()).toBeGreaterThan(Date.now());

      // The lease runs out (after 120 s): sent again, and marked this time.
      const db = await getDb();
      await db
        .update(mailOutbox)
        .set({ leaseUntil: new Date(Date.now() - 1_000) })
        .where(eq(mailOutbox.id, mail.id));
      await sendDueMail(transport);
      expect(mine()).toHaveLength(2);
      const [row] = await rowsOf([mail.id]);
      expect(row).toMatchObject({ status: "sent", attempts: 2, leaseUntil: null });
    },
    30_000,
  );
});
