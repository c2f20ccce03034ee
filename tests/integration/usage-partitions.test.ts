import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { exportUsageEvents } from "@/db/queries/usage-export";
import { applyPendingReports, reportCalls } from "@/db/queries/usage-reports";
import { daysFrom, ensureUsagePartitions, listDayPartitions, partitionNameOf } from "@/db/queries/usage-partitions";
import { writeUsageBatch } from "@/db/queries/usage-writes";
import { usageEvents, usageRollups } from "@/db/schema";
import { newEventId } from "@/lib/usage/event-id";
import { flushUsage, recordUsage, setAsideUsage, usageRecorderStats } from "@/lib/usage/recorder";
import { fromJournalLine, toJournalLine } from "@/lib/usage/journal-line";
import { apiKeyFor, createUser, usageRecordFor } from "../support/factories";
import { resultRows } from "../support/inspect";
import { setUpOwnDatabase } from "../support/own-database";

// Creating partitions for days of its choosing reshapes the whole table: this file works in a database of its own.
setUpOwnDatabase();

const DAY = 24 * 60 * 60 * 1000;
// Each test picks days of its own, years away from today and from each other, so none sees another's partitions.
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

async function ownerKey() {
  const { key } = await apiKeyFor(await createUser(), ["keys:read"]);
  return key;
}

/** Which table holds each of the key's events: a day partition's name, or the default partition's. */
async function whereEventsLie(keyId: string) {
  const db = await getDb();
  return resultRows<{ table: string; n: number }>(
    await db.execute(sql`
      select tableoid::regclass::text as table, count(*)::int as n from ${usageEvents}
      where key_id = ${keyId} group by 1 order by 1`),
  );
}

describe("day partitions of usage_events", () => {
  it("are created for the day and the week ahead, once: a second call changes nothing", async () => {
    const now = day("2031-01-10");
    expect(await ensureUsagePartitions({ now, daysAhead: 7 })).toEqual(daysFrom(now, 7));
    expect(await ensureUsagePartitions({ now, daysAhead: 7 })).toEqual([]);
    const days = (await listDayPartitions(await getDb())).map((p) => p.day);
    expect(days).toEqual(expect.arrayContaining(daysFrom(now, 7)));
    expect(days).not.toContain("2031-01-09");
    expect(days).not.toContain("2031-01-18");
  });

  it("are created once when several instances look at the same moment", async () => {
    const now = day("2032-03-01");
    const callers = await Promise.all([1, 2, 3].map(() => ensureUsagePartitions({ now, daysAhead: 7 })));
    expect(callers.flat().sort()).toEqual(daysFrom(now, 7));
    const present = (await listDayPartitions(await getDb())).filter((p) => p.day.startsWith("2032-03"));
    expect(present.map((p) => p.day)).toEqual(daysFrom(now, 7));
  });

  it("keep an event whose day has none in the default partition, and take it in when that day's is created", async () => {
    const key = await ownerKey();
    const at = day("2033-05-05");
    const event = usageRecordFor(key, { at, eventId: newEventId(at.getTime()) });
    expect(await writeUsageBatch([event])).toBe(1);
    expect(await whereEventsLie(key.id)).toEqual([{ table: "usage_events_default", n: 1 }]);

    expect(await ensureUsagePartitions({ now: at, daysAhead: 1 })).toEqual(["2033-05-05", "2033-05-06"]);
    expect(await whereEventsLie(key.id)).toEqual([{ table: partitionNameOf("2033-05-05"), n: 1 }]);
    // Still the same event, known again by its id and time when written once more.
    expect(await writeUsageBatch([event])).toBe(0);
  });

  // Postgres only: PGlite has one connection, so a write can never wait on the upkeep there; the embedded run does not
  // list it at all rather than count it as skipped.
  const onPostgres = process.env.DATABASE_URL ? it : () => {};
  onPostgres(
    "lose no event that waited for the default partition while its day's partition was attached: it is retried",
    async () => {
      const key = await ownerKey();
      const at = day("2039-10-10");
      const db = await getDb();
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      // A reader holds the default partition; the upkeep queues for it, and the flush's insert queues behind the upkeep.
      const { upkeep, flush } = await db.transaction(async (tx) => {
        await tx.execute(sql`lock table usage_events_default in access share mode`);
        const upkeep = ensureUsagePartitions({ now: at, daysAhead: 0 });
        await pause(300);
        recordUsage({ ...usageRecordFor(key, { at }), neededScopes: [] });
        const flush = flushUsage();
        await pause(300);
        return { upkeep, flush };
      });
      expect(await upkeep).toEqual(["2039-10-10"]);
      await flush;
      // The insert was refused once (its day was no longer the default partition's) and kept for the next flush.
      const rejectedBefore = usageRecorderStats().rejected;
      await flushUsage();
      expect(usageRecorderStats()).toMatchObject({ buffered: 0, rejected: rejectedBefore });
      expect(setAsideUsage().some((event) => event.keyId === key.id)).toBe(false);
      expect(await whereEventsLie(key.id)).toEqual([{ table: partitionNameOf("2039-10-10"), n: 1 }]);
    },
  );

  it("know a replayed event again: its journal line keeps the `at` it was first written with", async () => {
    const key = await ownerKey();
    const at = new Date(Date.parse("2034-02-02T23:59:59.999Z"));
    const recorded = usageRecordFor(key, { at, eventId: newEventId(at.getTime()) });
    const replayed = fromJournalLine(toJournalLine(recorded));
    expect(replayed?.at.getTime()).toBe(at.getTime());
    expect(replayed?.eventId).toBe(recorded.eventId);

    expect(await writeUsageBatch([recorded])).toBe(1);
    expect(await writeUsageBatch([replayed as NonNullable<typeof replayed>, recorded])).toBe(0);
    // An event handed over without its time takes its id's, never the clock's: the same pair again.
    const { at: _dropped, ...undated } = recorded;
    expect(await writeUsageBatch([undated])).toBe(0);
    expect(await whereEventsLie(key.id)).toEqual([{ table: "usage_events_default", n: 1 }]);
  });

  it("hold verified calls that reports find by id, within their own day, at once or once written", async () => {
    const key = await ownerKey();
    const now = day("2037-04-04");
    await ensureUsagePartitions({ now: new Date(now.getTime() - 3 * DAY), daysAhead: 3 });
    const verified = (at: Date) =>
      usageRecordFor(key, { at, eventId: newEventId(at.getTime()), source: "verify" as const, method: "GET", route: "/v1/x" });
    // One call three days back, one at the very end of a day (its bound reaches into the next day's partition).
    const early = verified(new Date(now.getTime() - 3 * DAY));
    const late = verified(new Date(Date.parse("2037-04-02T23:59:59.999Z")));
    await writeUsageBatch([early, late]);
    const results = await reportCalls([
      { eventId: early.eventId, status: 502, latencyMs: 40 },
      { eventId: late.eventId, status: 201, latencyMs: 9 },
    ]);
    expect(Object.fromEntries(results)).toEqual({ [early.eventId]: "applied", [late.eventId]: "applied" });
    expect((await reportCalls([{ eventId: early.eventId, status: 200, latencyMs: 1 }])).get(early.eventId)).toBe("duplicate");

    // Reported before it is written: kept, and applied by the next flush's look at waiting reports.
    const pending = verified(new Date(now.getTime() - DAY));
    expect((await reportCalls([{ eventId: pending.eventId, status: 404, latencyMs: 7 }])).get(pending.eventId)).toBe("pending");
    await writeUsageBatch([pending]);
    expect(await applyPendingReports()).toBe(1);

    const db = await getDb();
    const events = await db
      .select({ eventId: usageEvents.eventId, status: usageEvents.status, outcome: usageEvents.outcome })
      .from(usageEvents)
      .where(eq(usageEvents.keyId, key.id));
    expect(events.sort((a, b) => String(a.eventId).localeCompare(String(b.eventId)))).toEqual(
      [
        { eventId: early.eventId, status: 502, outcome: "failed" },
        { eventId: late.eventId, status: 201, outcome: "ok" },
        { eventId: pending.eventId, status: 404, outcome: "failed" },
      ].sort((a, b) => a.eventId.localeCompare(b.eventId)),
    );
    const rollups = await db
      .select({ status: usageRollups.status, requests: usageRollups.requests })
      .from(usageRollups)
      .where(eq(usageRollups.keyId, key.id));
    expect(rollups.sort((a, b) => a.status - b.status)).toEqual([
      { status: 201, requests: 1 },
      { status: 404, requests: 1 },
      { status: 502, requests: 1 },
    ]);
  });

  it("are read across by the CSV export, which pages through the default partition and several days", async () => {
    const key = await ownerKey();
    const now = day("2035-07-20");
    await ensureUsagePartitions({ now: new Date(now.getTime() - 5 * DAY), daysAhead: 3 });
    // Days 5 to 2 back have partitions; yesterday and today have none, so their events lie in the default partition.
    const times = Array.from({ length: 12 }, (_, i) => new Date(now.getTime() - (5 - (i % 6)) * DAY - i * 60_000));
    await writeUsageBatch(times.map((at) => usageRecordFor(key, { at, eventId: newEventId(at.getTime()) })));
    expect((await whereEventsLie(key.id)).map((row) => row.table)).toContain("usage_events_default");
    expect((await whereEventsLie(key.id)).length).toBeGreaterThan(3);

    const exported = [];
    for await (const row of exportUsageEvents({ accountId: key.accountId }, 7, { batchSize: 5, now })) exported.push(row);
    expect(exported).toHaveLength(12);
    expect(new Set(exported.map((row) => row.at.getTime()))).toEqual(new Set(times.map((t) => t.getTime())));
  });

  it("hold every event of a key that is deleted with it, whichever day it lies in", async () => {
    const key = await ownerKey();
    const now = day("2036-09-09");
    await ensureUsagePartitions({ now, daysAhead: 1 });
    await writeUsageBatch([0, 1, 3].map((d) => usageRecordFor(key, { at: new Date(now.getTime() + d * DAY) })));
    expect((await whereEventsLie(key.id)).reduce((sum, row) => sum + row.n, 0)).toBe(3);
    const db = await getDb();
    await db.execute(sql`delete from api_keys where id = ${key.id}`);
    expect(await db.select().from(usageEvents).where(eq(usageEvents.keyId, key.id))).toEqual([]);
  });
});
