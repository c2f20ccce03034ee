import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { ensureUsagePartitions, listDayPartitions } from "@/db/queries/usage-partitions";
import { pruneUsage } from "@/db/queries/usage-retention";
import { writeUsageBatch } from "@/db/queries/usage-writes";
import { usageEvents, usageRollups } from "@/db/schema";
import { apiKeyFor, createUser, usageRecordFor } from "../support/factories";
import { setUpOwnDatabase } from "../support/own-database";

// The prune drops every day partition before its cutoff, whoever's rows they hold: a database of this file's own.
setUpOwnDatabase();

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

describe("pruneUsage on day partitions", () => {
  it("drops whole days past retention, deletes the rest row by row, and keeps everything newer", async () => {
    const { key } = await apiKeyFor(await createUser(), ["keys:read"]);
    const now = new Date("2031-06-15T12:00:00Z");
    const cutoff = now.getTime() - 90 * DAY;
    // Partitions for the 100 days up to now; older and later days have none.
    await ensureUsagePartitions({ now: new Date(now.getTime() - 100 * DAY), daysAhead: 100 });
    const at = {
      longGone: new Date(now.getTime() - 100 * DAY), // a day partition wholly expired
      gone: new Date(now.getTime() - 95 * DAY), // another
      justGone: new Date(cutoff - HOUR), // the cutoff's day, before the cutoff: deleted row by row
      justKept: new Date(cutoff + HOUR), // the same day, after it
      recent: new Date(now.getTime() - DAY),
      defaultGone: new Date(now.getTime() - 200 * DAY), // no partition: in the default one, expired
      defaultKept: new Date(now.getTime() + 150 * DAY), // no partition either, and not expired
      ancient: new Date(now.getTime() - 400 * DAY), // in the default partition, and its rollup past its retention too
    };
    await writeUsageBatch(Object.values(at).map((time) => usageRecordFor(key, { at: time })));
    const db = await getDb();
    const partitionsBefore = await listDayPartitions(db);
    const expiredDays = partitionsBefore.filter((p) => Date.parse(`${p.day}T00:00:00Z`) + DAY <= cutoff);
    expect(expiredDays.length).toBeGreaterThanOrEqual(10);

    const result = await pruneUsage({ eventDays: 90, rollupDays: 365, batchSize: 100, now });
    // The ancient day's rollup goes, with its two sums (its account's rollup and its key day).
    expect(result).toEqual({ events: 5, partitions: expiredDays.length, rollups: 1, summaries: 2, signals: expect.any(Number) });
    const left = await db.select({ at: usageEvents.at }).from(usageEvents).where(eq(usageEvents.keyId, key.id));
    expect(left.map((e) => e.at.getTime()).sort()).toEqual(
      [at.justKept, at.recent, at.defaultKept].map((t) => t.getTime()).sort(),
    );
    const partitionsAfter = (await listDayPartitions(db)).map((p) => p.day);
    expect(partitionsAfter).toEqual(partitionsBefore.filter((p) => !expiredDays.includes(p)).map((p) => p.day));
    expect(partitionsAfter[0]).toBe(new Date(cutoff).toISOString().slice(0, 10));
    // Rollups are not partitioned: those of days past their own retention went row by row, the rest stayed.
    const rollupDays = await db.select({ day: usageRollups.day }).from(usageRollups).where(eq(usageRollups.keyId, key.id));
    expect(rollupDays).toHaveLength(6);

    // Nothing left to do: a second run removes nothing.
    expect(await pruneUsage({ eventDays: 90, rollupDays: 365, now })).toEqual({
      events: 0,
      partitions: 0,
      rollups: 0,
      summaries: 0,
      signals: expect.any(Number),
    });
    // Writes go on into the days kept.
    expect(await writeUsageBatch([usageRecordFor(key, { at: new Date(now.getTime() - 2 * DAY) })])).toBe(1);
  });

  it("prunes what two runs at once find once: each partition is dropped by one of them", async () => {
    const { key } = await apiKeyFor(await createUser(), ["keys:read"]);
    const now = new Date("2041-01-15T12:00:00Z");
    await ensureUsagePartitions({ now: new Date(now.getTime() - 20 * DAY), daysAhead: 20 });
    await writeUsageBatch(
      Array.from({ length: 20 }, (_, i) => usageRecordFor(key, { at: new Date(now.getTime() - (i + 1) * DAY) })),
    );
    const runs = await Promise.all([1, 2].map(() => pruneUsage({ eventDays: 10, rollupDays: 3650, now })));
    const db = await getDb();
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(usageEvents)
      .where(eq(usageEvents.keyId, key.id));
    expect(n).toBe(10);
    // Every event of the key is counted once between the two runs (other days may hold other tests' events).
    expect(runs[0].events + runs[1].events).toBeGreaterThanOrEqual(10);
    expect((await listDayPartitions(db)).some((p) => p.day < "2041-01-05")).toBe(false);
  });
});
