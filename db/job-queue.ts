import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/lib/infra/env";
import { databaseHandle } from "./index";

// The job queue: pg-boss, in the database itself (its own schema, `pgboss`), on PostgreSQL and on the embedded PGlite
// alike. A job is taken by one worker of one instance (SKIP LOCKED), a schedule fires once per minute however many
// instances run it (pg-boss keeps one job per schedule and minute), and both survive restarts: a job whose process
// died comes back once it expires. Delivery is at least once: handlers are written to be run again safely.

const holder = globalThis as unknown as {
  __latchkeyJobQueue?: Promise<PgBoss>;
  __latchkeyJobQueueErrors?: (error: unknown) => void;
};

/** Where the queue's background errors go (start-up sends them to the log). */
export function onJobQueueError(report: (error: unknown) => void): void {
  holder.__latchkeyJobQueueErrors = report;
}

/** The process's job queue, started on first use (its schema created or brought up to date then). */
export function jobQueue(): Promise<PgBoss> {
  holder.__latchkeyJobQueue ??= startJobQueue().catch((error: unknown) => {
    holder.__latchkeyJobQueue = undefined;
    throw error;
  });
  return holder.__latchkeyJobQueue;
}

async function startJobQueue(): Promise<PgBoss> {
  const handle = await databaseHandle();
  // Seconds between the queue's looks at its schedules (cron itself counts in minutes).
  const cronMonitorSeconds = env().JOB_CRON_MONITOR_SECONDS;
  const boss = new PgBoss({
    ...handle.jobQueueConnection(),
    schema: "pgboss",
    // A job killed with its process comes back once its expiry passes and maintenance finds it: look often.
    maintenanceIntervalSeconds: 30,
    cronMonitorIntervalSeconds: cronMonitorSeconds,
    cronWorkerIntervalSeconds: Math.min(cronMonitorSeconds, 5),
  });
  // Errors of its background work (a poll that failed while the database was away) are the starter's to log: an
  // emitter's "error" with no listener would end the process.
  boss.on("error", (error) => holder.__latchkeyJobQueueErrors?.(error));
  try {
    await boss.start();
  } catch (error) {
    // Its pool and timers are let go of before the next attempt makes another.
    await boss.stop({ graceful: false, wait: false }).catch(() => {});
    throw error;
  }
  return boss;
}

/** Stops taking jobs, waits up to `timeoutMs` for the ones running, then lets go of the connection. */
export async function stopJobQueue(timeoutMs = 10_000): Promise<void> {
  const starting = holder.__latchkeyJobQueue;
  if (!starting) return;
  holder.__latchkeyJobQueue = undefined;
  const boss = await starting.catch(() => undefined);
  await boss?.stop({ graceful: true, wait: true, timeout: timeoutMs });
}

/**
 * Creates a queue unless it exists. pg-boss 10 can deadlock when two instances create the same queue at the same
 * moment (40P01): the loser simply tries again, and finds it made.
 */
export async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, "name"> = {}): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...options });
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "40P01" || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
