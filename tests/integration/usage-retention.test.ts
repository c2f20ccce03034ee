import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { pruneUsage } from "@/db/queries/usage-retention";
import { writeUsageBatch } from "@/db/queries/usage-writes";
import { usageEvents, usageKeyDays, usageRollups } from "@/db/schema";
import { createUser, apiKeyFor } from "../support/factories";

const DAY = 24 * 60 * 60 * 1000;

describe("pruneUsage", () => {
  it("removes raw events past their retention and rollups past theirs, nothing newer", async () => {
    const owner = await createUser();
    const { key } = await apiKeyFor(owner, ["payments:read"]);
    const now = Date.now();
    const ages = [1, 89, 91, 120, 200, 364, 366, 400];
    await writeUsageBatch(
      ages.map((age) => ({
        keyId: key.id,
        accountId: owner.id,
        at: new Date(now - age * DAY),
        method: "GET",
        route: "/api/v1/me",
        status: 200,
        latencyMs: 2,
      })),
    );
    const db = await getDb();
    const count = async (table: typeof usageEvents | typeof usageRollups) =>
      (
        await db
          .select({ n: sql<number>`count(*)`.mapWith(Number) })
          .from(table)
          .where(eq(table.keyId, key.id))
      )[0].n;
    expect([await count(usageEvents), await count(usageRollups)]).toEqual([8, 8]);

    // A batch size of 2 makes the loop go round several times.
    const result = await pruneUsage({ eventDays: 90, rollupDays: 365, batchSize: 2, now: new Date(now) });
    expect(result.events).toBeGreaterThanOrEqual(6);
    expect(result.rollups).toBeGreaterThanOrEqual(2);
    const events = await db.select({ at: usageEvents.at }).from(usageEvents).where(eq(usageEvents.keyId, key.id));
    expect(events).toHaveLength(2);
    expect(events.every((e) => now - e.at.getTime() < 90 * DAY)).toBe(true);
    const days = await db.select({ day: usageRollups.day }).from(usageRollups).where(eq(usageRollups.keyId, key.id));
    expect(days).toHaveLength(6);
    // The sums of the rollups go with them: two old days, each one account rollup row and one key day.
    expect(result.summaries).toBeGreaterThanOrEqual(4);
    const keyDays = await db.select({ day: usageKeyDays.day }).from(usageKeyDays).where(eq(usageKeyDays.keyId, key.id));
    expect(keyDays).toHaveLength(6);

    expect(await pruneUsage({ eventDays: 90, rollupDays: 365, now: new Date(now) })).toEqual({
      events: 0,
      partitions: 0,
      rollups: 0,
      summaries: 0,
      signals: expect.any(Number),
    });
  });
});
