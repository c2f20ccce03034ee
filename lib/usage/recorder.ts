import "server-only";
import type { NewUsageEvent } from "@/db/schema";
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

interface RecorderState {
  buffer: UsageRecord[];
  flushing: Promise<void> | null;
  timer: NodeJS.Timeout | null;
  dropped: number;
  written: number;
}

// On globalThis: route handlers and the shutdown hook must share one buffer, whichever bundle they were loaded from.
const holder = globalThis as unknown as { __latchkeyUsage?: RecorderState };
const state: RecorderState = (holder.__latchkeyUsage ??= { buffer: [], flushing: null, timer: null, dropped: 0, written: 0 });

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
  return { buffered: state.buffer.length, dropped: state.dropped, written: state.written };
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
    try {
      await writeUsageBatch(batch.map(toEvent), totalsOf(batch));
      state.written += batch.length;
    } catch (error) {
      state.buffer.unshift(...batch);
      // Requests kept coming while the batch was out: the bound holds for what comes back too.
      enforceBound();
      logger.error({ err: error, buffered: state.buffer.length }, "writing usage failed; will retry");
      return;
    }
  }
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
