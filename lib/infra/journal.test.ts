import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Journal, openJournal } from "./journal";

let dir: string;
const opened: Journal[] = [];
const open = (options?: { staleMs?: number }) => {
  const journal = openJournal(dir, options);
  opened.push(journal);
  return journal;
};
const files = () => readdirSync(dir).sort();
/** Makes every file look untouched for a minute, as the files of a killed process do. */
const ageAll = () => {
  const old = new Date(Date.now() - 60_000);
  for (const name of files()) utimesSync(path.join(dir, name), old, old);
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "latchkey-journal-"));
});
afterEach(() => {
  for (const journal of opened.splice(0)) journal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("journal", () => {
  it("keeps each line on disk until it is settled, then deletes the sealed file", () => {
    const journal = open();
    const first = journal.append("one");
    const second = journal.append("two");
    expect(first).toBe(second);
    expect(readFileSync(first!.path, "utf8")).toBe("one\ntwo\n");
    journal.seal();
    const third = journal.append("three");
    expect(third).not.toBe(first);
    expect(files()).toHaveLength(2);
    journal.settle([first, second]);
    expect(files()).toEqual([path.basename(third!.path)]);
  });

  it("lets another process adopt the files of one that is gone, once, skipping a line cut off mid-write", () => {
    const killed = open();
    killed.append("a");
    killed.append("b");
    const file = killed.append("c")!;
    killed.close(); // stands for the kill: nothing settled, the file stays
    appendFileSync(file.path, '{"torn');
    const survivor = open();
    expect(survivor.adoptOrphans(1_000)).toEqual([]); // touched a moment ago: perhaps still alive

    ageAll();
    const [adopted, ...more] = survivor.adoptOrphans(1_000);
    expect(more).toEqual([]);
    expect(adopted.lines).toEqual(["a", "b", "c"]);
    expect(adopted.torn).toBe(1);
    expect(open().adoptOrphans(1_000)).toEqual([]); // renamed to the survivor and touched: nobody else takes it
    survivor.settle([adopted.file, adopted.file, adopted.file]);
    expect(files()).toEqual([]);
  });

  it("never adopts a file a live process holds, however old it looks", () => {
    const live = open();
    live.append("mine");
    ageAll();
    expect(live.adoptOrphans(1_000)).toEqual([]);
  });

  it("lets go of released files, which are adopted later instead of lost", () => {
    const journal = open();
    const file = journal.append("dropped from memory");
    journal.release([file]);
    journal.settle([file]);
    expect(files()).toHaveLength(1);
    ageAll();
    expect(journal.adoptOrphans(1_000).map((a) => a.lines)).toEqual([["dropped from memory"]]);
  });

  it("falls back to memory only when it cannot write, says so, and journals again once it can", () => {
    const blocked = path.join(dir, "not-a-directory");
    writeFileSync(blocked, "");
    const journal = openJournal(blocked, { retryMs: 0 });
    opened.push(journal);
    expect(journal.stats().state).toBe("failing");
    expect(journal.append("kept in memory")).toBeNull();
    expect(journal.stats()).toMatchObject({ state: "failing", unjournaled: 1 });

    rmSync(blocked);
    mkdirSync(blocked);
    expect(journal.append("journaled")).not.toBeNull();
    expect(journal.stats()).toMatchObject({ state: "ok", unjournaled: 1 });
  });

  it("replays again what a paused writer appended after its file was adopted, and the writer stops using it", async () => {
    const paused = openJournal(dir, { heartbeatMs: 20 });
    opened.push(paused);
    paused.append("a");
    const file = paused.append("b")!;
    ageAll(); // the writer was paused past staleMs
    const adopter = open();
    const [first] = adopter.adoptOrphans(1_000);
    expect(first.lines).toEqual(["a", "b"]);
    // The writer runs again and appends before its heartbeat notices: to the file now under the adopter's name.
    expect(paused.append("c")).toBe(file);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(paused.append("d")).not.toBe(file); // the heartbeat noticed: a new file of its own
    adopter.settle([first.file, first.file]);
    // "c" is on disk only in the adopted file: it is not deleted but adopted again, whole.
    const [again] = adopter.adoptOrphans(1_000);
    expect(again.lines).toEqual(["a", "b", "c"]);
    adopter.settle(again.lines.map(() => again.file));
    expect(files().some((name) => name === path.basename(again.file.path))).toBe(false);
  });
});
