import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { countUnread, listInbox, markInboxRead } from "@/db/queries/notifications";
import { events, mailOutbox, memberships, notificationPreferences, notifications } from "@/db/schema";
import { recordEvent } from "@/lib/events/record";
import { dispatchEvents } from "@/lib/events/dispatch";
import { createKey } from "@/lib/keys/lifecycle";
import { freeze } from "../support/freeze";
import { setUpOwnDatabase } from "../support/own-database";
import { actorOf, createKeyInput, createUser, memberActor, organizationOf } from "../support/factories";

// A database of its own: the dispatcher takes every account's events, and the frozen test locks the events table.
setUpOwnDatabase();

async function inboxOf(userId: string) {
  const db = await getDb();
  return db
    .select({ type: events.type, accountId: notifications.accountId, readAt: notifications.readAt })
    .from(notifications)
    .innerJoin(events, eq(events.id, notifications.eventId))
    .where(eq(notifications.userId, userId));
}

async function dispatchAll() {
  while ((await dispatchEvents()) > 0) {
    // until nothing waits
  }
}

describe("the event dispatcher", () => {
  it("puts each event in the inbox of every member of its account who wants it, once", async () => {
    const owner = await createUser();
    const colleague = await createUser();
    const outsider = await createUser();
    const { account, actor } = await organizationOf(owner, "owner", "Dispatch Ltd");
    const db = await getDb();
    await db.insert(memberships).values({ accountId: account.id, userId: colleague.id, role: "viewer" });
    // The colleague wants no inbox entry for new keys.
    await db
      .insert(notificationPreferences)
      .values({ userId: colleague.id, eventType: "key.created", inApp: false, email: false });

    await createKey(actor, account.id, createKeyInput());
    await createKey(memberActor(owner, account.id, "owner"), account.id, createKeyInput({ name: "Second" }));
    await dispatchAll();
    await dispatchAll();

    expect((await inboxOf(owner.id)).filter((row) => row.accountId === account.id)).toHaveLength(2);
    expect(await inboxOf(colleague.id)).toEqual([]);
    expect(await inboxOf(outsider.id)).toEqual([]);
    expect(await countUnread(db, owner.id, account.id)).toBe(2);
    const [waiting] = await db
      .select()
      .from(events)
      .where(and(eq(events.accountId, account.id)));
    expect(waiting.dispatchedAt).toBeInstanceOf(Date);
  });

  it("shares the work between dispatchers running at once: each event is dispatched once", async () => {
    const owner = await createUser();
    const db = await getDb();
    for (let i = 0; i < 12; i++) {
      await recordEvent(db, { accountId: owner.id, type: "key.expiring", data: { key: { name: `Key ${i}` }, within: "7d" } });
    }
    await Promise.all([dispatchEvents(5), dispatchEvents(5), dispatchEvents(5), dispatchEvents(5)]);
    await dispatchAll();
    // Mail rows have no unique index that could hide an event dispatched twice: their count is the proof.
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.userId, owner.id));
    expect(mails).toHaveLength(12);
    expect(new Set(mails.map((mail) => mail.eventId)).size).toBe(12);
    expect(await inboxOf(owner.id)).toHaveLength(12);
  });

  it("lets a person read and mark only their own inbox in the account they are in", async () => {
    const owner = await createUser();
    const other = await createUser();
    await createKey(actorOf(owner), owner.id, createKeyInput());
    await createKey(actorOf(other), other.id, createKeyInput());
    await dispatchAll();
    const mine = { userId: owner.id, accountId: owner.id };
    const { entries } = await listInbox(mine, { limit: 10 });
    expect(entries.map((entry) => entry.type)).toEqual(["key.created"]);
    const theirs = (await listInbox({ userId: other.id, accountId: other.id }, { limit: 10 })).entries[0];

    // Another person's entry id, or this person's entry under another account: nothing changes.
    expect(await markInboxRead(mine, { ids: [theirs.id] })).toBe(0);
    expect(await markInboxRead({ userId: owner.id, accountId: other.id }, { ids: [entries[0].id] })).toBe(0);
    expect(await markInboxRead(mine, { ids: [entries[0].id] })).toBe(1);
    expect(await markInboxRead(mine)).toBe(0);
    const db = await getDb();
    expect(await countUnread(db, owner.id, owner.id)).toBe(0);
    expect(await countUnread(db, other.id, other.id)).toBe(1);
  });

  it("queues a mail for each member who wants the event by email: by default what needs acting on", async () => {
    const owner = await createUser();
    const db = await getDb();
    const { key } = await createKey(actorOf(owner), owner.id, createKeyInput({ name: "Mailed key" }));
    await recordEvent(db, {
      accountId: owner.id,
      keyId: key.id,
      type: "key.expiring",
      data: {
        key: { id: key.id, name: "Mailed key", start: key.start, expiresAt: new Date(Date.now() + 3 * 86_400_000).toISOString() },
        within: "7d",
      },
    });
    await dispatchAll();
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.userId, owner.id));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      toAddress: owner.email,
      accountId: owner.id,
      subject: "[Latchkey] Key expires soon: Mailed key",
    });
    expect(mails[0].textBody).toContain(`/keys/${key.id}`);
  });
});

describe("an event that cannot be dispatched", () => {
  it("is set aside with why, alone, while the events around it are delivered", async () => {
    const owner = await createUser();
    const db = await getDb();
    // A mail the database refuses for its content (as a check constraint or an encoding error would): a trigger of
    // this test's own, aimed at this test's subject line only.
    await db.execute(sql`
      create or replace function refuse_poisoned_mail() returns trigger language plpgsql as $$
      begin
        if new.subject like '%poisoned-${sql.raw(owner.id)}%' then
          raise exception 'refused for the test' using errcode = '22023';
        end if;
        return new;
      end $$`);
    await db.execute(sql`
      create trigger refuse_poisoned_mail_${sql.raw(owner.id.replaceAll("-", ""))} before insert on mail_outbox
      for each row execute function refuse_poisoned_mail()`);
    try {
      for (const name of ["Before", `poisoned-${owner.id}`, "After"]) {
        await recordEvent(db, { accountId: owner.id, type: "key.expiring", data: { key: { name }, within: "7d" } });
      }
      await dispatchAll();
      const mine = await db
        .select({
          name: sql<string>`${events.data}->'key'->>'name'`,
          dispatchError: events.dispatchError,
          dispatchedAt: events.dispatchedAt,
        })
        .from(events)
        .where(eq(events.accountId, owner.id));
      expect(mine.every((event) => event.dispatchedAt !== null)).toBe(true);
      const setAside = mine.filter((event) => event.dispatchError);
      expect(setAside.map((event) => event.name)).toEqual([`poisoned-${owner.id}`]);
      expect(setAside[0]?.dispatchError).toContain("refused for the test");
      const mail = await db.select({ subject: mailOutbox.subject }).from(mailOutbox).where(eq(mailOutbox.userId, owner.id));
      expect(mail.map((m) => m.subject).sort()).toEqual([
        "[Latchkey] Key expires soon: After",
        "[Latchkey] Key expires soon: Before",
      ]);
      expect(await inboxOf(owner.id)).toHaveLength(2);
    } finally {
      await db.execute(sql`drop trigger if exists refuse_poisoned_mail_${sql.raw(owner.id.replaceAll("-", ""))} on mail_outbox`);
    }
  });
});

// Another session holds a lock on the events table (as a long migration or a stuck transaction would), so the
// dispatcher's statements wait until the lock timeout. PGlite has no second session: not listed on the embedded run.
const describeOnPostgres = process.env.DATABASE_URL ? describe : () => {};

describeOnPostgres("the dispatcher with the database frozen", () => {
  it("a dispatch fails fast while events are locked, and once they are free each event is delivered once", async () => {
    const owner = await createUser();
    const db = await getDb();
    for (let i = 0; i < 3; i++) {
      await recordEvent(db, { accountId: owner.id, type: "key.expiring", data: { key: { name: `Key ${i}` }, within: "7d" } });
    }
    const frozen = await freeze("events");
    const started = Date.now();
    try {
      await expect(dispatchEvents()).rejects.toThrow();
      // The app's lock timeout (3 s), not forever.
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      await frozen.release();
    }
    await dispatchAll();
    const inbox = await db.select().from(notifications).where(eq(notifications.userId, owner.id));
    const mail = await db.select().from(mailOutbox).where(eq(mailOutbox.userId, owner.id));
    expect(inbox).toHaveLength(3);
    expect(mail).toHaveLength(3);
    expect(new Set(mail.map((m) => m.eventId)).size).toBe(3);
    const waiting = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(events)
      .where(sql`${events.accountId} = ${owner.id} and ${events.dispatchedAt} is null`);
    expect(waiting[0]?.n).toBe(0);
  }, 30_000);
});
