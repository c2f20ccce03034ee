import "server-only";
import { pruneFinishedDeliveries } from "@/db/queries/webhooks";

// The delivery log keeps each finished delivery (and its attempts) for 30 days, then the minute's sweep deletes it,
// a bounded batch at a time so that one sweep never holds the table for long: the log is for looking into a recent
// failure, not an archive (the events themselves stay in the outbox).
export const DELIVERY_RETENTION_DAYS = 30;
const BATCH = 1_000;

/** Deletes finished deliveries older than the retention, up to a few batches per call; answers how many. */
export async function pruneDeliveryLog(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - DELIVERY_RETENTION_DAYS * 24 * 3600 * 1000);
  let pruned = 0;
  for (let round = 0; round < 10; round++) {
    const deleted = await pruneFinishedDeliveries(before, BATCH);
    pruned += deleted;
    if (deleted < BATCH) break;
  }
  return pruned;
}
