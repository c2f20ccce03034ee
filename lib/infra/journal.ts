import {
  accessSync,
  closeSync,
  constants,
  fstatSync,
  futimesSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { logger } from "./logger";

/**
 * A local append-only journal of lines, one per process, so that what a process has acknowledged survives its being
 * killed: each line is handed to the kernel (write(2), no fsync) before the caller answers, and a file is deleted
 * once every line in it is safely elsewhere. That survives the process dying at any instant; it does not survive the
 * machine losing power or the kernel crashing, which would need an fsync per line (milliseconds) or per group.
 *
 * Files rotate: `seal()` closes the file being written, and the next line opens a new one, so a file is deleted as
 * soon as its own lines are settled. Several processes may share a directory, each writing files named after itself.
 * A live process touches its files every second; a file nobody has touched for `staleMs` belongs to a process that
 * is gone, and any process may adopt it: it renames the file to its own name (rename is atomic, so only one wins),
 * reads the lines, and answers for them from then on. Lines may thus be read twice in rare races (a process paused
 * past `staleMs`), never lost; callers make replaying a line harmless (usage events carry an id the database checks).
 */
export interface Journal {
  /** Appends one line (no newline in it). Answers the file it went to, or null when it could not be journaled. */
  append(line: string): JournalFile | null;
  /** Appends lines (no newline in any) with one write(2): they all go to one file, or, failing, none is journaled. */
  appendLines(lines: readonly string[]): JournalFile | null;
  /** Closes the file being written; the next line starts a new one. */
  seal(): void;
  /** These lines are safely elsewhere: a sealed file whose lines are all settled is deleted. */
  settle(files: Iterable<JournalFile | null>): void;
  /** Stops answering for these files (their lines were dropped from memory): they stay, for a later adoption. */
  release(files: Iterable<JournalFile | null>): void;
  /** Claims files left by processes that are gone, up to about `maxLines` lines, and answers their lines. */
  adoptOrphans(maxLines: number): { file: JournalFile; lines: string[]; torn: number }[];
  stats(): { state: "ok" | "failing"; unjournaled: number; files: number };
  close(): void;
}

export interface JournalFile {
  readonly path: string;
  fd: number | null;
  /** Lines not yet settled. */
  outstanding: number;
  /** For an adopted file: how many bytes it held when read. More later means its writer was only paused (below). */
  readBytes?: number;
}

const SUFFIX = ".journal";

/**
 * `staleMs`: untouched this long, a file is taken for its process's; `heartbeatMs`: how often a process touches its
 * own; `retryMs`: after a failed write, how long lines go unjournaled before the next try (one log line per episode).
 */
export function openJournal(dir: string, { staleMs = 5_000, heartbeatMs = 1_000, retryMs = 5_000 } = {}): Journal {
  // Unique to this process, and safe in a file name: a pid alone repeats across containers sharing a directory.
  const owner = `${process.pid}-${randomBytes(4).toString("hex")}`;
  let sequence = 0;
  let active: JournalFile | null = null;
  const held = new Set<JournalFile>();
  let failingUntil = 0;
  let failing = false;
  let unjournaled = 0;
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    // Said now rather than at the first request; each append still tries, so that a fixed directory is used at once.
    logger.error({ err: error, dir }, "usage journal cannot be written: usage is kept in memory only");
    failing = true;
  }

  const nextPath = () => path.join(dir, `${owner}-${++sequence}${SUFFIX}`);
  const remove = (file: JournalFile) => {
    held.delete(file);
    try {
      if (file.readBytes !== undefined && statSync(file.path).size > file.readBytes) {
        // Its writer was paused, not gone, and appended after the adoption before it noticed: those lines are nowhere
        // else. The file is left looking abandoned, so that it is adopted again and read whole (ids skip the rest).
        utimesSync(file.path, 0, 0);
        logger.warn({ file: file.path }, "an adopted usage journal file grew after adoption; it will be replayed again");
        return;
      }
      unlinkSync(file.path);
    } catch {
      // Adopted by another process meanwhile: it answers for the file now.
    }
  };
  const sealActive = () => {
    if (!active) return;
    const file = active;
    active = null;
    if (file.fd !== null) closeSync(file.fd);
    file.fd = null;
    if (file.outstanding === 0) remove(file);
  };

  // Touch what this process answers for; a file that vanished was adopted by a process that thought us gone.
  const heartbeat = setInterval(() => {
    const now = new Date();
    for (const file of held) {
      try {
        if (file.fd !== null) {
          futimesSync(file.fd, now, now);
          // The open file still works once renamed away: only its name says whether it is still ours.
          if (fstatSync(file.fd).ino !== statSync(file.path).ino) throw new Error("renamed");
        } else utimesSync(file.path, now, now);
      } catch {
        logger.warn({ file: file.path }, "a usage journal file was adopted by another process; it answers for it now");
        held.delete(file);
        if (file === active) sealActive();
      }
    }
  }, heartbeatMs);
  heartbeat.unref();

  return {
    append(line) {
      return this.appendLines([line]);
    },

    appendLines(lines) {
      if (lines.length === 0) return active;
      if (failing && Date.now() < failingUntil) {
        unjournaled += lines.length;
        return null;
      }
      const data = `${lines.join("\n")}\n`;
      try {
        if (!active) {
          active = { path: nextPath(), fd: null, outstanding: 0 };
          active.fd = openSync(active.path, "a", 0o600);
          held.add(active);
        }
        const written = writeSync(active.fd!, data);
        if (written !== Buffer.byteLength(data)) throw Object.assign(new Error("short write"), { code: "ENOSPC" });
        active.outstanding += lines.length;
        if (failing) logger.info({ dir }, "usage journal writable again");
        failing = false;
        return active;
      } catch (error) {
        // The file may now end in a torn line: nothing more is written after it (replay skips a torn line).
        try {
          sealActive();
        } catch {
          active = null;
        }
        if (!failing) logger.error({ err: error, dir }, "usage journal cannot be written: usage is kept in memory only");
        failing = true;
        failingUntil = Date.now() + retryMs;
        unjournaled += lines.length;
        return null;
      }
    },

    seal: sealActive,

    settle(files) {
      for (const file of files) {
        if (!file) continue;
        file.outstanding--;
        if (file.outstanding <= 0 && file !== active && held.has(file)) remove(file);
      }
    },

    release(files) {
      for (const file of files) {
        if (!file || !held.has(file)) continue;
        if (file === active) {
          active = null;
          if (file.fd !== null) closeSync(file.fd);
          file.fd = null;
        }
        held.delete(file);
      }
    },

    adoptOrphans(maxLines) {
      const adopted: { file: JournalFile; lines: string[]; torn: number }[] = [];
      let room = maxLines;
      const mine = new Set([...held].map((file) => file.path));
      let names: string[];
      try {
        names = readdirSync(dir).filter((name) => name.endsWith(SUFFIX));
      } catch {
        return adopted;
      }
      for (const name of names) {
        if (room <= 0) break;
        const found = path.join(dir, name);
        if (mine.has(found)) continue;
        const claimed = nextPath();
        try {
          if (Date.now() - statSync(found).mtimeMs < staleMs) continue;
          // Fresh before it is ours, so that nobody else takes it for stale once it bears our name.
          const now = new Date();
          utimesSync(found, now, now);
          renameSync(found, claimed);
        } catch {
          continue; // another process adopted it first
        }
        const content = readFileSync(claimed, "utf8");
        const parts = content.split("\n");
        // Only newline-terminated lines were ever acknowledged; a last piece without one was cut off mid-write.
        const tail = parts.pop() ?? "";
        const lines = parts.filter((part) => part.length > 0);
        const file: JournalFile = {
          path: claimed,
          fd: null,
          outstanding: lines.length,
          readBytes: Buffer.byteLength(content),
        };
        held.add(file);
        if (lines.length === 0) remove(file);
        adopted.push({ file, lines, torn: tail.length > 0 ? 1 : 0 });
        room -= lines.length;
      }
      return adopted;
    },

    stats: () => ({ state: failing ? "failing" : "ok", unjournaled, files: held.size }),

    /** Stops the heartbeat; files with unsettled lines stay, for the next process to adopt. */
    close() {
      clearInterval(heartbeat);
      sealActive();
    },
  };
}
