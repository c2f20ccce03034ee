import "server-only";
import { ensureQueue, jobQueue, onJobQueueError, stopJobQueue } from "@/db/job-queue";
import { dispatchSoon, listenForEvents } from "@/lib/events/dispatch";
import { checkExpiries } from "@/lib/events/expiry-checks";
import { sendMailSoon } from "@/lib/events/mail-sender";
import { logger } from "@/lib/infra/logger";

// The background work every instance takes part in, through the job queue (db/job-queue.ts): scheduled checks fire
// once per minute across all instances, and a job is worked by one of them.

const EXPIRY_CHECK = "events.expiry-check";
const DISPATCH_SWEEP = "events.dispatch-sweep";
const MAIL_SWEEP = "mail.send-sweep";

export async function startJobs(): Promise<void> {
  onJobQueueError((error) => logger.error({ err: error }, "job queue error"));
  const boss = await jobQueue();
  // A check that is already queued or running makes a second one pointless: one at a time.
  await ensureQueue(boss, EXPIRY_CHECK, { policy: "singleton", retryLimit: 2, expireInSeconds: 5 * 60 });
  await boss.schedule(EXPIRY_CHECK, "* * * * *", {}, { tz: "UTC" });
  await boss.work(EXPIRY_CHECK, async () => {
    const recorded = await checkExpiries();
    if (Object.keys(recorded).length > 0) logger.info({ recorded }, "expiry check recorded events");
  });
  // Events are dispatched as they commit (a NOTIFY); the sweep catches any whose notification was missed.
  await listenForEvents();
  await ensureQueue(boss, DISPATCH_SWEEP, { policy: "singleton", retryLimit: 0, expireInSeconds: 5 * 60 });
  await boss.schedule(DISPATCH_SWEEP, "* * * * *", {}, { tz: "UTC" });
  await boss.work(DISPATCH_SWEEP, () => dispatchSoon());
  // Mail is sent as it is dispatched; the sweep sends what is due again (retries) or was left behind.
  await ensureQueue(boss, MAIL_SWEEP, { policy: "singleton", retryLimit: 0, expireInSeconds: 10 * 60 });
  await boss.schedule(MAIL_SWEEP, "* * * * *", {}, { tz: "UTC" });
  await boss.work(MAIL_SWEEP, () => sendMailSoon());
}

/** Stops taking jobs and lets the running ones finish (briefly): called at shutdown, before the database closes. */
export function stopJobs(): Promise<void> {
  return stopJobQueue();
}
