import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { pruneEvents } from "@/db/queries/event-retention";
import { events, leakReports, mailOutbox, notifications } from "@/db/schema";
import { dispatchEvents } from "@/lib/events/dispatch";
import { recordEvent } from "@/lib/events/record";
import { createUser } from "../support/factories";

const DAY = 24 * 60 * 60 * 1000;

describe("event retention", () => {
  it("forgets dispatched events past the cutoff with their inbox entries, and old mail, keeping what is undelivered", async () => {
    const owner = await createUser();
    const db = await getDb();
    const now = new Date();
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
      .values({ toAddress: "x@example.com", subject: "s", textBody: "b", userId: owner.id, createdAt: old })
      .returning({ id: mailOutbox.id });

    const report = (receivedAt: Date) => ({
      reportId: randomUUID(),
      receivedAt,
      via: "scanner" as const,
      tokenType: "latchkey_api_key",
      url: `https://example.com/${randomUUID()}`,
      outcome: "unknown" as const,
    });
    const [oldReport, newReport] = [report(old), report(now)];
    await db.insert(leakReports).values([oldReport, newReport]);

    const pruned = await pruneEvents({ days: 90, batchSize: 1, now });
    expect(pruned.events).toBeGreaterThanOrEqual(1);
    expect(pruned.mail).toBeGreaterThanOrEqual(1);
    expect(pruned.leakReports).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(leakReports).where(eq(leakReports.url, oldReport.url))).toEqual([]);
    expect(await db.select().from(leakReports).where(eq(leakReports.url, newReport.url))).toHaveLength(1);

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
