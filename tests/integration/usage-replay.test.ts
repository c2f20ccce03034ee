import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq, sum } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { writeUsageBatch } from "@/db/queries/usage-writes";
import { apiKeys, usageEvents, usageRollups } from "@/db/schema";
import { openJournal } from "@/lib/infra/journal";
import { newEventId } from "@/lib/usage/event-id";
import { toJournalLine } from "@/lib/usage/journal-line";
import { flushUsage, setAsideUsage, startUsageJournal, stopUsageJournal, usageRecorderStats } from "@/lib/usage/recorder";
import { apiKeyFor, createUser, usageRecordFor } from "../support/factories";

// An event may reach the database twice: written by the process that recorded it, then replayed from its journal
// because the process was killed before the journal file was deleted. It must count once, everywhere.
const event = (key: { id: string; accountId: string }, overrides: Partial<{ counted: boolean; status: number }> = {}) =>
  usageRecordFor(key, { eventId: newEventId(), userAgent: "replay-test", ...overrides });

async function countsOf(keyId: string) {
  const db = await getDb();
  const [{ rows }] = await db.select({ rows: count() }).from(usageEvents).where(eq(usageEvents.keyId, keyId));
  const [{ rolled }] = await db
    .select({ rolled: sum(usageRollups.requests) })
    .from(usageRollups)
    .where(eq(usageRollups.keyId, keyId));
  const [{ requestCount }] = await db.select({ requestCount: apiKeys.requestCount }).from(apiKeys).where(eq(apiKeys.id, keyId));
  return { rows: Number(rows), rolled: Number(rolled ?? 0), requests: Number(requestCount) };
}

describe("writing usage events that were written before", () => {
  it("skips them by id, so that events, rollups and the key's count each count them once", async () => {
    const { key } = await apiKeyFor(await createUser(), ["keys:read"]);
    const batch = Array.from({ length: 20 }, () => event(key));
    expect(await writeUsageBatch(batch)).toBe(20);
    // The replay: the same twenty, and five the first write never saw, one of them twice in the batch.
    const unseen = Array.from({ length: 5 }, () => event(key));
    expect(await writeUsageBatch([...batch, ...unseen, unseen[0]])).toBe(5);
    expect(await countsOf(key.id)).toEqual({ rows: 25, rolled: 25, requests: 25 });
  });
});

describe("replaying the journal a killed process left", () => {
  let dir: string | undefined;
  afterEach(() => {
    stopUsageJournal();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("writes what was not yet written, once, sets aside events of deleted keys, skips torn lines, and deletes it", async () => {
    const { key } = await apiKeyFor(await createUser(), ["keys:read"]);
    const written = Array.from({ length: 3 }, () => event(key));
    await writeUsageBatch(written);
    const unwritten = Array.from({ length: 4 }, () => event(key));
    const refused = event(key, { counted: false, status: 401 });
    const deletedKey = event({ id: randomUUID(), accountId: randomUUID() });

    dir = mkdtempSync(path.join(tmpdir(), "latchkey-replay-"));
    const orphan = path.join(dir, "12345-deadbeef-1.journal");
    const lines = [...written, ...unwritten, refused, deletedKey].map(toJournalLine);
    writeFileSync(orphan, `${lines.join("\n")}\nnot json\n{"eventId":"cut off mid-wr`);
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(orphan, longAgo, longAgo);
    const before = usageRecorderStats();

    startUsageJournal(openJournal(dir));
    await flushUsage();

    // 3 written before + 4 unwritten + 1 refused authentication (an event, not one of the key's requests).
    expect(await countsOf(key.id)).toEqual({ rows: 8, rolled: 8, requests: 3 + 4 });
    expect(setAsideUsage().map((e) => e.keyId)).toContain(deletedKey.keyId);
    expect(usageRecorderStats()).toMatchObject({ buffered: 0, replayed: before.replayed + 9 });
    expect(readdirSync(dir)).toEqual([]);
  });
});
