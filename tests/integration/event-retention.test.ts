import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { pruneEvents } from "@/db/queries/event-retention";
import { events, formSubmissions, mailOutbox, notifications, usageQuotaCounters, userSessions } from "@/db/schema";
import { createKey } from "@/lib/keys/lifecycle";
import { dispatchEvents } from "@/lib/events/dispatch";
import { recordEvent } from "@/lib/events/record";
import { actorOf, createKeyInput, createUser } from "../support/factories";

const DAY = 24 * 60 * 60 * 1000;

describe("event retention", () => {
  it("forgets dispatched events past the cutoff with their inbox entries, and old mail, keeping what is undelivered", async () => {
    const owner = await createUser();
    const db = await getDb();
    // Pruned as of a time long past: other files share the database, and what they write (quota counters of injected
    // 2026 dates, events) lies well after this run's cutoffs.
    const now = new Date(Date.now() - 400 * DAY);
    const old = new Date(now.getTime() - 100 * DAY);
    const record = (type: "key.expiring" | "key.created", occurredAt: Date) =>
      recordEvent(db, { accountId: owner.id, type, occurredAt, data: { key: { name: type } } });
    await record("key.expiring", old); // emailed by default: an inbox entry and a mail
    await record("key.created", new Date(now.getTime() - 10 * DAY));
    while ((await dispatchEvents()) > 0) {
      // dispatch everything
    }
    // Recorded after the dispatch: still waiting, however old.
    await record("key.created", old);
    await db.update(mailOutbox).set({ createdAt: old, status: "logged" }).where(eq(mailOutbox.userId, owner.id));
    const queued = await db
      .insert(mailOutbox)
      // Not due for a long while: another file's sender (mail.test.ts sends whatever is due) leaves it queued.
      .values({
        toAddress: "x@example.com",
        subject: "s",
        textBody: "b",
        userId: owner.id,
        createdAt: old,
        nextAttemptAt: new Date(Date.now() + 30 * DAY),
      })
      .returning({ id: mailOutbox.id });

    // Another person's key: its key.created event stays out of the owner's events counted below.
    const holder = await createUser();
    const { key } = await createKey(actorOf(holder), holder.id, createKeyInput());
    const counter = (periodStart: Date) => ({ keyId: key.id, periodStart, used: 5 });
    await db
      .insert(usageQuotaCounters)
      .values([counter(new Date(0)), counter(new Date(now.getTime() - 40 * DAY)), counter(new Date(now.getTime() - DAY))]);

    const token = (age: number) => ({
      scope: holder.id,
      token: crypto.randomUUID(),
      action: "key.create",
      createdAt: new Date(now.getTime() - age),
    });
    const [stale, fresh] = [token(2 * DAY), token(60 * 60 * 1000)];
    await db.insert(formSubmissions).values([stale, fresh]);
    // Sign-in sessions: one of 31 days ago goes, ended or not; one ended yesterday stays for the person to see.
    const session = (age: number, ended: boolean) => ({
      userId: holder.id,
      createdAt: new Date(now.getTime() - age),
      endedAt: ended ? new Date(now.getTime() - age + 60_000) : null,
    });
    const [, keptSession] = await db
      .insert(userSessions)
      .values([session(31 * DAY, false), session(DAY, true)])
      .returning({ id: userSessions.id });

    const pruned = await pruneEvents({ days: 90, batchSize: 1, now });
    const sessionsLeft = await db.select({ id: userSessions.id }).from(userSessions).where(eq(userSessions.userId, holder.id));
    expect(sessionsLeft).toEqual([keptSession]);
    const tokens = await db.select().from(formSubmissions).where(eq(formSubmissions.scope, holder.id));
    expect(tokens.map((t) => t.token)).toEqual([fresh.token]);
    expect(pruned.events).toBeGreaterThanOrEqual(1);
    expect(pruned.mail).toBeGreaterThanOrEqual(1);
    const counters = await db.select().from(usageQuotaCounters).where(eq(usageQuotaCounters.keyId, key.id));
    expect(counters.map((c) => c.periodStart.getTime()).sort()).toEqual([0, now.getTime() - DAY]);

    const left = await db.select().from(events).where(eq(events.accountId, owner.id));
    expect(left.map((event) => [event.type, event.dispatchedAt === null]).sort()).toEqual([
      ["key.created", false],
      ["key.created", true],
    ]);
    const inbox = await db.select().from(notifications).where(eq(notifications.userId, owner.id));
    expect(inbox).toHaveLength(1);
    const mail = await db.select({ id: mailOutbox.id }).from(mailOutbox).where(eq(mailOutbox.userId, owner.id));
    expect(mail).toEqual(queued);
    expect(
      await db
        .select()
        .from(mailOutbox)
        .where(
          inArray(
            mailOutbox.id,
            queued.map((m) => m.id),
          ),
        ),
    ).toHaveLength(1);
  });
});
