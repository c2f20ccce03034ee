import "server-only";
import type { NewUsageEvent } from "@/db/schema";
import { isDatabaseUnavailable, outcomeAfterDeadline } from "@/db/errors";
import { writeUsageBatch, type KeyUsageTotals } from "@/db/queries/usage-writes";
import { logger } from "@/lib/infra/logger";

export interface UsageRecord {
  keyId: string;
  ownerId: string;
  at: Date;
  method: string;
  route: string;
  status: number;
  latencyMs: number;
  ip: string | null;
  userAgent: string | null;
  /** False for refused authentications (revoked, expired…): kept as events, not counted as the key's requests. */
  counted: boolean;
}

const FLUSH_INTERVAL_MS = 1_000;
const BATCH_SIZE = 1_000;
// Past this many unwritten events (the database has been away for a long while) the oldest are dropped and counted.
export const MAX_BUFFERED = 200_000;
// Events the database refused for what they are (their key is gone) are kept here for a look, the newest this many.
export const MAX_SET_ASIDE = 10_000;

interface RecorderState {
  buffer: UsageRecord[];
  flushing: Promise<void> | null;
  timer: NodeJS.Timeout | null;
  dropped: number;
  written: number;
  /** Events the database refused for their content: never retried, counted, the newest kept. */
  rejected: number;
  setAside: UsageRecord[];
}

// On globalThis: route handlers and the shutdown hook must share one buffer, whichever bundle they were loaded from.
const holder = globalThis as unknown as { __latchkeyUsage?: RecorderState };
const state: RecorderState = (holder.__latchkeyUsage ??= {
  buffer: [],
  flushing: null,
  timer: null,
  dropped: 0,
  written: 0,
  rejected: 0,
  setAside: [],
});

/** Queues a request's usage; no database write happens on the request's path. */
export function recordUsage(record: UsageRecord): void {
  state.buffer.push(record);
  enforceBound();
  if (state.buffer.length >= BATCH_SIZE) void flushUsage();
}

export function startUsageFlushing(): void {
  state.timer ??= setInterval(() => void flushUsage(), FLUSH_INTERVAL_MS);
  // The interval alone must not keep a process alive that is otherwise done.
  state.timer.unref();
}

export function stopUsageFlushing(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

export function usageRecorderStats() {
  return { buffered: state.buffer.length, dropped: state.dropped, written: state.written, rejected: state.rejected };
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

async function drain(): Promise<void> {
  while (state.buffer.length > 0) {
    const batch = state.buffer.splice(0, BATCH_SIZE);
    const refused: Refusal[] = [];
    const unwritten = await writeIsolating(batch, refused);
    if (refused.length > 0) setAside(refused);
    if (unwritten.length > 0) {
      state.buffer.unshift(...unwritten);
      // Requests kept coming while the batch was out: the bound holds for what comes back too.
      enforceBound();
      return;
    }
  }
}

interface Refusal {
  record: UsageRecord;
  error: unknown;
}

/**
 * Writes a batch in one transaction. When the database refuses it for its content rather than for being away (an
 * event whose key was deleted meanwhile fails its foreign key), the halves are written apart, down to single events,
 * so that the events which can never be written are found and set aside while every other one is written: one row
 * must never hold the rest hostage. Returns what could not be written because the database is away, to be retried.
 */
async function writeIsolating(batch: UsageRecord[], refused: Refusal[]): Promise<UsageRecord[]> {
  try {
    await writeUsageBatch(batch.map(toEvent), totalsOf(batch));
    state.written += batch.length;
    return [];
  } catch (error) {
    // The app stopped waiting, but the database may still commit a batch whose COMMIT it had been sent: wait until it
    // says (that is, until it answers again) rather than write the batch twice. Meanwhile requests keep buffering.
    const outcome = outcomeAfterDeadline(error);
    if (outcome) {
      logger.error(
        { err: error, buffered: state.buffer.length + batch.length },
        "writing usage timed out; waiting for its outcome",
      );
      if (await outcome) {
        state.written += batch.length;
        return [];
      }
    }
    if (isDatabaseUnavailable(error)) {
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

/** Past the bound, the oldest events are dropped and counted (the metrics show the count). */
function enforceBound() {
  if (state.buffer.length <= MAX_BUFFERED) return;
  const excess = state.buffer.length - MAX_BUFFERED;
  state.buffer.splice(0, excess);
  state.dropped += excess;
  logger.error({ dropped: excess, droppedInAll: state.dropped }, "usage buffer full: oldest events dropped");
}

function toEvent({ counted: _counted, ...record }: UsageRecord): NewUsageEvent {
  return record;
}

function totalsOf(batch: UsageRecord[]): KeyUsageTotals[] {
  const totals = new Map<string, KeyUsageTotals>();
  for (const record of batch) {
    if (!record.counted) continue;
    const current = totals.get(record.keyId);
    if (!current) totals.set(record.keyId, { keyId: record.keyId, requests: 1, lastUsedAt: record.at });
    else {
      current.requests++;
      if (record.at > current.lastUsedAt) current.lastUsedAt = record.at;
    }
  }
  return [...totals.values()];
}
