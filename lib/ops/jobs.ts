import "server-only";
import { ensureQueue, jobQueue, onJobQueueError, stopJobQueue } from "@/db/job-queue";
import { pruneEvents } from "@/db/queries/event-retention";
import { dispatchSoon, listenForEvents } from "@/lib/events/dispatch";
import { checkExpiries } from "@/lib/events/expiry-checks";
import { sendMailSoon } from "@/lib/events/mail-sender";
import { env } from "@/lib/infra/env";
import { throttledLog } from "@/lib/infra/log-throttle";
import { logger } from "@/lib/infra/logger";
import { pruneDeliveryLog } from "@/lib/webhooks/retention";
import { sendWebhooksSoon } from "@/lib/webhooks/sender";

// The background work every instance takes part in, through the job queue (db/job-queue.ts): scheduled checks fire
// once per minute across all instances, and a job is worked by one of them.

const EXPIRY_CHECK = "events.expiry-check";
const DISPATCH_SWEEP = "events.dispatch-sweep";
const MAIL_SWEEP = "mail.send-sweep";
const WEBHOOK_SWEEP = "webhooks.send-sweep";
const EVENTS_PRUNE = "events.prune";

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 60_000;

const holder = globalThis as unknown as { __latchkeyJobs?: { stopping: boolean; starting: Promise<void> | null } };
const state = (holder.__latchkeyJobs ??= { stopping: false, starting: null });

/**
 * Starts the process's part in the background work. Events are dispatched as they commit from now on (a LISTEN, like
 * the key cache's); the job queue starts in the background, tried again with backoff while it cannot (the database
 * away, or a role that may not create its schema), so that it never keeps the API from serving.
 */
export async function startJobs(): Promise<void> {
  // pg-boss reports each failed poll, every couple of seconds per queue while the database is away.
  onJobQueueError(throttledLog((error, heldBack) => logger.error({ err: error, heldBack }, "job queue error")));
  await listenForEvents();
  state.stopping = false;
  state.starting ??= startQueueWithRetries();
}

async function startQueueWithRetries(): Promise<void> {
  for (let attempt = 1; !state.stopping; attempt++) {
    try {
      await startQueue();
      return;
    } catch (error) {
      // Whatever the attempt set up (a schedule is safe to set again, workers are not) goes with the queue.
      await stopJobQueue(0).catch(() => {});
      const retryInMs = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 1));
      logger.error({ err: error, attempt, retryInMs }, "job queue could not start; retrying");
      await new Promise((resolve) => setTimeout(resolve, retryInMs).unref());
    }
  }
}

// "stately": at most one job of a queue waiting and one running; a slow run never piles up a minute's worth each.
async function startQueue(): Promise<void> {
  const boss = await jobQueue();
  await ensureQueue(boss, EXPIRY_CHECK, { policy: "stately", retryLimit: 2, expireInSeconds: 5 * 60 });
  await boss.schedule(EXPIRY_CHECK, "* * * * *", {}, { tz: "UTC" });
  await boss.work(EXPIRY_CHECK, async () => {
    const recorded = await checkExpiries();
    if (Object.keys(recorded).length > 0) logger.info({ recorded }, "expiry check recorded events");
  });
  // Events are dispatched as they commit (a NOTIFY); the sweep catches any whose notification was missed.
  await ensureQueue(boss, DISPATCH_SWEEP, { policy: "stately", retryLimit: 0, expireInSeconds: 5 * 60 });
  await boss.schedule(DISPATCH_SWEEP, "* * * * *", {}, { tz: "UTC" });
  await boss.work(DISPATCH_SWEEP, () => dispatchSoon());
  // Mail is sent as it is dispatched; the sweep sends what is due again (retries) or was left behind.
  await ensureQueue(boss, MAIL_SWEEP, { policy: "stately", retryLimit: 0, expireInSeconds: 10 * 60 });
  await boss.schedule(MAIL_SWEEP, "* * * * *", {}, { tz: "UTC" });
  await boss.work(MAIL_SWEEP, () => sendMailSoon());
  // Webhooks likewise: sent as dispatched; the sweep sends retries as they fall due, and anything left behind.
  await ensureQueue(boss, WEBHOOK_SWEEP, { policy: "stately", retryLimit: 0, expireInSeconds: 10 * 60 });
  await boss.schedule(WEBHOOK_SWEEP, "* * * * *", {}, { tz: "UTC" });
  await boss.work(WEBHOOK_SWEEP, async () => {
    await sendWebhooksSoon();
    const pruned = await pruneDeliveryLog();
    if (pruned > 0) logger.info({ pruned }, "old webhook deliveries deleted");
  });
  // Once a day, at a quiet hour: events, inbox entries and mail past EVENT_RETENTION_DAYS.
  await ensureQueue(boss, EVENTS_PRUNE, { policy: "stately", retryLimit: 2, expireInSeconds: 30 * 60 });
  await boss.schedule(EVENTS_PRUNE, "17 3 * * *", {}, { tz: "UTC" });
  await boss.work(EVENTS_PRUNE, async () => {
    const pruned = await pruneEvents({ days: env().EVENT_RETENTION_DAYS });
    logger.info({ ...pruned, days: env().EVENT_RETENTION_DAYS }, "pruned old events and mail");
  });
}

/**
 * At shutdown, before the database closes: stops taking jobs, lets the running ones finish (briefly), and waits for
 * a dispatch or a mail run under way, so that nothing is left sent but not marked.
 */
export async function stopJobs(): Promise<void> {
  state.stopping = true;
  state.starting = null;
  await stopJobQueue();
  await Promise.all([dispatchSoon.settled(), sendMailSoon.settled(), sendWebhooksSoon.settled()]);
}
