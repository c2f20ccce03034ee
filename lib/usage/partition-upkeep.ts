import "server-only";
import { ensureUsagePartitions } from "@/db/queries/usage-partitions";
import { logger } from "@/lib/infra/logger";

// Day partitions of usage_events are made a week ahead, so one look an hour is plenty: even a day of failed looks in a
// row leaves six days of room, and an event whose day has no partition is kept in the default one meanwhile.
const CHECK_EVERY_MS = 60 * 60 * 1000;
export const PARTITION_DAYS_AHEAD = 7;

interface UpkeepState {
  timer: NodeJS.Timeout | null;
}
// On globalThis, like the usage recorder: the shutdown hook must stop the timer that start-up started.
const holder = globalThis as unknown as { __latchkeyPartitionUpkeep?: UpkeepState };
const state: UpkeepState = (holder.__latchkeyPartitionUpkeep ??= { timer: null });

/**
 * Makes sure today's partition and the next week's exist. Every instance runs it; the look at the catalogue is cheap and
 * the DDL, when something is missing, runs under an advisory lock (db/queries/usage-partitions.ts). A failure is
 * logged and left to the next look: nothing is refused meanwhile, the default partition takes the events.
 */
export async function keepUsagePartitions(now = new Date()): Promise<void> {
  try {
    const created = await ensureUsagePartitions({ now, daysAhead: PARTITION_DAYS_AHEAD });
    if (created.length > 0) logger.info({ days: created }, "usage partitions created");
  } catch (error) {
    logger.warn({ err: error }, "creating usage partitions failed; will retry");
  }
}

/**
 * Looks again every hour. Each look is scheduled when the previous one has finished, never on a fixed beat, so a
 * slow database cannot make looks pile up.
 */
export function startPartitionUpkeep(): void {
  if (state.timer) return;
  const schedule = () => {
    const timer = setTimeout(async () => {
      await keepUsagePartitions();
      // Not if stopped meanwhile (or stopped and started again: that start has its own chain).
      if (state.timer === timer) schedule();
    }, CHECK_EVERY_MS);
    // The timer alone must not keep a process alive that is otherwise done.
    timer.unref();
    state.timer = timer;
  };
  schedule();
}

export function stopPartitionUpkeep(): void {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
}
