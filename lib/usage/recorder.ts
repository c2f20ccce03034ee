import "server-only";
import { isDatabaseUnavailable, isRefusedForContent, outcomeAfterDeadline } from "@/db/errors";
import { writeUsageBatch, type UsageEventToWrite } from "@/db/queries/usage-writes";
import { applyPendingReports } from "@/db/queries/usage-reports";
import type { UsageSource } from "@/db/schema";
import type { Journal, JournalFile } from "@/lib/infra/journal";
import { logger } from "@/lib/infra/logger";
import { recordUsageSignals } from "@/lib/events/usage-signals";
import { newEventId } from "./event-id";
import { outcomeTone } from "./outcomes";
import { fromJournalLine, toJournalLine } from "./journal-line";

export interface UsageRecord {
  keyId: string;
  accountId: string;
  at: Date;
  method: string;
  route: string;
  status: number;
  latencyMs: number;
  ip: string | null;
  userAgent: string | null;
  /**
   * False for what the gate refused (a revoked or expired key, a missing scope, an address off the allowlist, the rate
   * limit): kept as a refused event for the owner to see, never counted as a request the key made.
   */
  counted: boolean;
  /** How the call ended: "ok", "failed" (accepted, 400 or above), or the refusal's code. */
  outcome: string;
  /** For an accepted call: the scopes it needed (its route's, or those a platform verified it for). */
  neededScopes?: string[];
  /** Where the call was seen; Latchkey's own API when not said. */
  source?: UsageSource;
  /** Labels the platform attached to a verification. */
  tags?: string[];
}

/** A recorded event as it waits in memory: its id, and the journal file that holds it (null: memory only). */
export interface BufferedUsage extends UsageRecord {
  eventId: string;
  journalFile: JournalFile | null;
}

const FLUSH_INTERVAL_MS = 1_000;
const BATCH_SIZE = 1_000;
// Past this many unwritten events (the database has been away for a long while) the oldest are dropped and counted.
export const MAX_BUFFERED = 200_000;
// How long an instance that took a report of a call not yet written keeps looking for its event.
const REPORTS_AWAITED_MS = 60 * 60 * 1000;
// Events the database refused for what they are (their key is gone) are kept here for a look, the newest this many.
export const MAX_SET_ASIDE = 10_000;

interface RecorderState {
  buffer: BufferedUsage[];
  /** Set by startUsageJournal: each event is journaled before its request is answered. */
  journal: Journal | null;
  /** Events read back from journals left by processes that were killed (this one's predecessors included). */
  replayed: number;
  flushing: Promise<void> | null;
  timer: NodeJS.Timeout | null;
  dropped: number;
  written: number;
  /** Events the database refused for their content: never retried, counted, the newest kept. */
  rejected: number;
  setAside: UsageRecord[];
  /** Until then, every flush applies waiting reports of verified calls (see awaitReportedEvents). */
  reportsAwaitedUntil: number;
  /** Events recorded in this turn of the event loop, and their journal lines, written together (see usageJournaled). */
  unjournaled: { events: BufferedUsage[]; lines: string[]; written: Promise<void> } | null;
}

// On globalThis: route handlers and the shutdown hook must share one buffer, whichever bundle they were loaded from.
const holder = globalThis as unknown as { __latchkeyUsage?: RecorderState };
const state: RecorderState = (holder.__latchkeyUsage ??= {
  buffer: [],
  journal: null,
  replayed: 0,
  flushing: null,
  timer: null,
  dropped: 0,
  written: 0,
  rejected: 0,
  setAside: [],
  reportsAwaitedUntil: 0,
  unjournaled: null,
});
// A state made by an earlier version of this module (the dev server reloads modules, not globalThis).
state.unjournaled ??= null;

/**
 * Queues a request's usage; no database write happens on the request's path. With a journal, the event is journaled
 * before the request is answered, so that a killed process loses nothing it acknowledged: the next process to start,
 * or a sibling sharing the journal directory, replays it. The lines of every event recorded in one turn of the event
 * loop go out in one write(2) at the end of that turn (setImmediate), and the caller waits for it before answering
 * (usageJournaled; the API gate does): a write(2) per request cost a sixth of a cached verification. Answers the
 * event's id (a platform reports a verified call's final status by it). Takes the record over as the buffered event.
 */
export function recordUsage(record: UsageRecord): string {
  // The record becomes the buffered event itself (callers hand a fresh object): no copies on the hot path.
  const event = record as BufferedUsage;
  event.eventId = newEventId(record.at.getTime());
  // The line is made before the event learns its journal file, which is no part of it.
  const line = state.journal ? toJournalLine(event) : undefined;
  event.journalFile = null;
  state.buffer.push(event);
  if (line !== undefined) {
    const turn = (state.unjournaled ??= {
      events: [],
      lines: [],
      written: new Promise((resolve) => setImmediate(() => resolve(writeJournalTurn()))),
    });
    turn.events.push(event);
    turn.lines.push(line);
  }
  enforceBound();
  if (state.buffer.length >= BATCH_SIZE) void flushUsage();
  return event.eventId;
}

/**
 * Resolves once every event recorded so far is in the journal (at once when none waits): answer a request only then.
 * A database write that takes events (drain) journals the waiting ones first, so none is written before its line.
 */
export function usageJournaled(): Promise<void> | undefined {
  return state.unjournaled?.written;
}

function writeJournalTurn() {
  const turn = state.unjournaled;
  state.unjournaled = null;
  if (!turn) return;
  const file = state.journal?.appendLines(turn.lines) ?? null;
  for (const event of turn.events) event.journalFile = file;
}

/** From now on every event is journaled (see recordUsage); journals left by killed processes are replayed. */
export function startUsageJournal(journal: Journal): void {
  state.journal = journal;
  adoptOrphanedUsage();
}

export function startUsageFlushing(): void {
  state.timer ??= setInterval(() => {
    adoptOrphanedUsage();
    void flushUsage();
  }, FLUSH_INTERVAL_MS);
  // The interval alone must not keep a process alive that is otherwise done.
  state.timer.unref();
}

/** Stops the timer and the journal; call flushUsage() in between so that the journal is left empty. */
export function stopUsageFlushing(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

export function stopUsageJournal(): void {
  writeJournalTurn();
  state.journal?.close();
  state.journal = null;
}

export function usageRecorderStats() {
  const journal = state.journal?.stats();
  return {
    buffered: state.buffer.length,
    dropped: state.dropped,
    written: state.written,
    rejected: state.rejected,
    replayed: state.replayed,
    journal: journal?.state ?? ("off" as const),
    unjournaled: journal?.unjournaled ?? 0,
  };
}

/**
 * Journals whose process is gone (killed, or this process's own lines dropped from memory past the bound) are read
 * back into the buffer, while it has room; events already written are recognised by their id and skipped then.
 */
function adoptOrphanedUsage() {
  const room = MAX_BUFFERED / 2 - state.buffer.length;
  if (!state.journal || room <= 0) return;
  for (const { file, lines, torn } of state.journal.adoptOrphans(room)) {
    const events: BufferedUsage[] = [];
    let unreadable = torn;
    for (const line of lines) {
      const event = fromJournalLine(line);
      if (event) events.push({ ...event, journalFile: file });
      else {
        unreadable++;
        state.journal.settle([file]);
      }
    }
    state.buffer.push(...events);
    state.replayed += events.length;
    logger.info({ file: file.path, events: events.length, unreadable }, "usage journal of a stopped process replayed");
  }
}

/** The newest events set aside because the database refused them (see writeIsolating). */
export function setAsideUsage(): readonly UsageRecord[] {
  return state.setAside;
}

/** Writes everything buffered so far, batch by batch. A failed batch goes back to the front, to be retried. */
export function flushUsage(): Promise<void> {
  state.flushing ??= drain().finally(() => {
    state.flushing = null;
  });
  return state.flushing;
}

/**
 * At shutdown, once no request is in flight: waits for a flush already under way, then writes what is left. A flush
 * under way took its batches before the last requests were recorded, and may still be applying reports of verified
 * calls after its last batch: the events recorded meanwhile are written by the second flush, not left behind.
 */
export async function flushUsageOnShutdown(): Promise<void> {
  await flushUsage();
  if (state.buffer.length > 0) await flushUsage();
}

async function drain(): Promise<void> {
  const writtenBefore = state.written;
  // The turn's lines go to the journal first, so that every event taken below knows the file holding it (and the
  // file is settled for it once written); whatever is recorded from here on goes to a new file, the one closed now
  // is deleted once written.
  writeJournalTurn();
  if (state.buffer.length > 0) state.journal?.seal();
  while (state.buffer.length > 0) {
    // Events recorded while the last batch was being written: journaled before they are taken, as above.
    writeJournalTurn();
    const batch = state.buffer.splice(0, BATCH_SIZE);
    const refused: Refusal[] = [];
    const unwritten = await writeIsolating(batch, refused);
    if (refused.length > 0) setAside(refused);
    // Written, or set aside for good: either way no journal needs to keep them.
    const kept = new Set(unwritten);
    state.journal?.settle(batch.filter((event) => !kept.has(event)).map((event) => event.journalFile));
    if (unwritten.length > 0) {
      state.buffer.unshift(...unwritten);
      // Requests kept coming while the batch was out: the bound holds for what comes back too.
      enforceBound();
      return;
    }
  }
  if (state.written > writtenBefore || Date.now() < state.reportsAwaitedUntil) await settleReports();
}

/**
 * A report of a verified call that arrived before its event was written waits in the database (see
 * db/queries/usage-reports.ts). It is applied by the next flush of whichever instance writes the event, or, should the
 * two have crossed unseen, by the instance that took the report: each keeps looking for an hour after taking one.
 */
export function awaitReportedEvents(): void {
  state.reportsAwaitedUntil = Date.now() + REPORTS_AWAITED_MS;
}

async function settleReports() {
  try {
    await applyPendingReports();
  } catch (error) {
    // Kept in their table and tried again at the next flush.
    logger.warn({ err: error }, "applying reports of verified calls failed; will retry");
  }
}

interface Refusal {
  record: BufferedUsage;
  error: unknown;
}

// How long a batch caught by the deadline waits to learn whether it was committed before it is simply written again.
const OUTCOME_WAIT_MS = 10_000;

/** The outcome, or false when it has not come within `ms` (the batch is then retried; ids keep it from counting twice). */
function within(outcome: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  return Promise.race([outcome, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Writes a batch in one transaction. When the database refuses it for its content rather than for being away (an
 * event whose key was deleted meanwhile fails its foreign key), the halves are written apart, down to single events,
 * so that the events which can never be written are found and set aside while every other one is written: one row
 * must never hold the rest hostage. Returns what could not be written because the database is away, to be retried.
 */
async function writeIsolating(batch: BufferedUsage[], refused: Refusal[]): Promise<BufferedUsage[]> {
  try {
    await writeUsageBatch(batch.map(toEvent), { alsoWithin: signalsOf });
    state.written += batch.length;
    return [];
  } catch (error) {
    // The app stopped waiting, but the database may still commit a batch whose COMMIT it had been sent: wait a while
    // for it to say (that is, to answer again) rather than write the batch twice. Not forever: an old connection cut
    // off by a partition can take minutes to fail, and a retry is safe anyway, since the database skips event ids it
    // already holds. Meanwhile requests keep buffering.
    const outcome = outcomeAfterDeadline(error);
    if (outcome) {
      logger.error(
        { err: error, buffered: state.buffer.length + batch.length },
        "writing usage timed out; waiting for its outcome",
      );
      if (await within(outcome, OUTCOME_WAIT_MS)) {
        state.written += batch.length;
        return [];
      }
      return batch;
    }
    if (!isRefusedForContent(error)) {
      // Away, failing over, deadlocked, out of disk: nothing wrong with the events, so they wait and are retried.
      logger.error({ err: error, buffered: state.buffer.length + batch.length }, "writing usage failed; will retry");
      return batch;
    }
    if (batch.length === 1) {
      refused.push({ record: batch[0], error });
      return [];
    }
    const middle = Math.ceil(batch.length / 2);
    const first = await writeIsolating(batch.slice(0, middle), refused);
    if (first.length > 0) return [...first, ...batch.slice(middle)];
    return writeIsolating(batch.slice(middle), refused);
  }
}

/** Counted for the metrics, the newest kept, and logged once per batch (not once per event, nor per retry). */
function setAside(refusals: Refusal[]) {
  state.rejected += refusals.length;
  state.setAside.push(...refusals.map((refusal) => refusal.record));
  if (state.setAside.length > MAX_SET_ASIDE) state.setAside.splice(0, state.setAside.length - MAX_SET_ASIDE);
  const first = refusals[0].error as { code?: unknown; message?: unknown };
  logger.error(
    {
      rejected: refusals.length,
      rejectedInAll: state.rejected,
      keyIds: [...new Set(refusals.map((refusal) => refusal.record.keyId))].slice(0, 20),
      code: first.code,
      reason: first.message,
    },
    "usage events the database refused were set aside; the rest were written",
  );
}

/**
 * Past the bound, the oldest events are dropped from memory and counted (the metrics show the count). Those that are
 * in a journal file stay there: the file is let go, and read back (by this process or another) once there is room.
 */
function enforceBound() {
  if (state.buffer.length <= MAX_BUFFERED) return;
  const excess = state.buffer.length - MAX_BUFFERED;
  const dropped = state.buffer.splice(0, excess);
  state.journal?.release(dropped.map((event) => event.journalFile));
  state.dropped += excess;
  const journaled = dropped.filter((event) => event.journalFile).length;
  logger.error(
    { dropped: excess, droppedInAll: state.dropped, journaled },
    "usage buffer full: oldest events dropped from memory",
  );
}

/**
 * What usage tells its owners (lib/events/usage-signals.ts), in a savepoint of the batch's transaction: should it fail
 * for what it found, the usage is written all the same and the signals of that batch are let go (logged); usage is
 * what keys are billed by, the signals only notices. A database that is away fails the batch, to be retried whole.
 */
const signalsOf: NonNullable<Parameters<typeof writeUsageBatch>[1]>["alsoWithin"] = async (tx, events, hours) => {
  try {
    await tx.transaction((savepoint) => recordUsageSignals(savepoint, events, hours));
  } catch (error) {
    if (isDatabaseUnavailable(error) || outcomeAfterDeadline(error)) throw error;
    logger.error({ err: error, events: events.length }, "usage signals failed; the usage is written without them");
  }
};

function toEvent({ journalFile: _file, ...event }: BufferedUsage): UsageEventToWrite {
  return { ...event, refused: !event.counted, failed: event.counted && outcomeTone(event.outcome) === "failed" };
}
