import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { usageEvents } from "@/db/schema";
import { openJournal } from "@/lib/infra/journal";
import { flushUsage, recordUsage, startUsageJournal, stopUsageJournal, usageJournaled } from "@/lib/usage/recorder";
import { apiKeyFor, createUser, usageRecordFor } from "../support/factories";

// The events of one turn of the event loop are journaled with one write(2) at its end; a request is answered only
// once its event is in the journal (the API gate awaits usageJournaled), and nothing is lost or written twice.
let dir: string | undefined;
afterEach(() => {
  stopUsageJournal();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const journalLines = (folder: string) =>
  readdirSync(folder).flatMap((name) => readFileSync(path.join(folder, name), "utf8").split("\n").filter(Boolean));

describe("journaling usage a turn of the event loop at a time", () => {
  it("writes the turn's events together, before usageJournaled resolves, and writes them to the database once", async () => {
    const { key } = await apiKeyFor(await createUser(), ["keys:read"]);
    dir = mkdtempSync(path.join(tmpdir(), "latchkey-turns-"));
    startUsageJournal(openJournal(dir));

    const ids = [1, 2, 3].map(() => recordUsage(usageRecordFor(key)));
    // Not yet: the turn is still running.
    expect(journalLines(dir)).toEqual([]);
    await usageJournaled();
    const lines = journalLines(dir);
    expect(lines.map((line) => JSON.parse(line).eventId)).toEqual(ids);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(usageJournaled()).toBeUndefined();

    // A later turn's events go on in the same file.
    const later = recordUsage(usageRecordFor(key));
    await usageJournaled();
    expect(journalLines(dir).map((line) => JSON.parse(line).eventId)).toEqual([...ids, later]);

    await flushUsage();
    const db = await getDb();
    const [{ n }] = await db.select({ n: count() }).from(usageEvents).where(eq(usageEvents.keyId, key.id));
    expect(n).toBe(4);
  });

  it("leaves nothing unwritten when the journal stops mid-turn", async () => {
    const { key } = await apiKeyFor(await createUser(), ["keys:read"]);
    dir = mkdtempSync(path.join(tmpdir(), "latchkey-turns-"));
    startUsageJournal(openJournal(dir));
    const id = recordUsage(usageRecordFor(key));
    const folder = dir;
    stopUsageJournal();
    expect(journalLines(folder).map((line) => JSON.parse(line).eventId)).toEqual([id]);
    await usageJournaled();
    await flushUsage();
  });
});
