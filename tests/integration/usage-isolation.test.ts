import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { accounts, apiKeys, usageEvents } from "@/db/schema";
import { flushUsage, recordUsage, setAsideUsage, usageRecorderStats } from "@/lib/usage/recorder";
import { apiKeyFor, createUser, usageRecordFor } from "../support/factories";

const event = (key: { id: string; accountId: string }, i: number) =>
  usageRecordFor(key, { latencyMs: i % 9, ip: "198.51.100.4", userAgent: "isolation-test" });

async function eventsOf(keyId: string) {
  const db = await getDb();
  const [{ n }] = await db.select({ n: count() }).from(usageEvents).where(eq(usageEvents.keyId, keyId));
  return Number(n);
}

describe("usage recording when a key and its owner disappear with events buffered", () => {
  it("writes every other key's events, sets the lost key's aside, and keeps recording", async () => {
    const kept = (await apiKeyFor(await createUser(), ["keys:read"])).key;
    const goneOwner = await createUser();
    const gone = (await apiKeyFor(goneOwner, ["keys:read"])).key;
    const before = usageRecorderStats();

    // Acknowledged requests of both keys are buffered, interleaved...
    for (let i = 0; i < 40; i++) recordUsage(event(i % 4 === 0 ? gone : kept, i));
    // ...when the owner is removed (their keys go with them), before the buffer is written.
    const db = await getDb();
    await db.delete(accounts).where(eq(accounts.id, goneOwner.id));
    expect(await db.select().from(apiKeys).where(eq(apiKeys.id, gone.id))).toEqual([]);

    await flushUsage();
    expect(await eventsOf(kept.id)).toBe(30);
    expect(usageRecorderStats()).toMatchObject({ buffered: 0, rejected: before.rejected + 10 });
    expect(setAsideUsage().filter((e) => e.keyId === gone.id)).toHaveLength(10);
    const [counters] = await db.select().from(apiKeys).where(eq(apiKeys.id, kept.id));
    expect(counters.requestCount).toBe(30);

    // Recording goes on: the next events are written on the next flush.
    for (let i = 0; i < 5; i++) recordUsage(event(kept, i));
    await flushUsage();
    expect(await eventsOf(kept.id)).toBe(35);
    expect(usageRecorderStats().buffered).toBe(0);
  });
});
