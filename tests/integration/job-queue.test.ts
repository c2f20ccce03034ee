import { afterAll, describe, expect, it } from "vitest";
import { ensureQueue, jobQueue, stopJobQueue } from "@/db/job-queue";

// The job queue runs on both databases: on PostgreSQL through a pool of its own, on PGlite through its one connection.
afterAll(() => stopJobQueue());

describe("the job queue", () => {
  it("works each job sent once, and retries one that failed", async () => {
    const boss = await jobQueue();
    const queue = `test-${Date.now()}`;
    await ensureQueue(boss, queue, { retryLimit: 1, retryDelay: 1 });
    const seen: number[] = [];
    let failedOnce = false;
    const done = new Promise<void>((resolve) => {
      void boss.work<{ n: number }>(queue, { pollingIntervalSeconds: 0.5, batchSize: 1 }, async (jobs) => {
        // One job per call: a failure sends back only its own job (a batch would go back whole).
        const [job] = jobs;
        if (job.data.n === 3 && !failedOnce) {
          failedOnce = true;
          throw new Error("the first try of job 3 fails");
        }
        seen.push(job.data.n);
        if (seen.length >= 10) resolve();
      });
    });
    for (let n = 0; n < 10; n++) await boss.send(queue, { n });
    await done;
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(failedOnce).toBe(true);
  }, 30_000);
});

// Only PGlite shares one connection with the app: the test is not listed on the Postgres run (rather than passing there).
const describeOnPglite = process.env.DATABASE_URL ? () => {} : describe;

describeOnPglite("the job queue's connection on PGlite", () => {
  it("leaves no aborted transaction behind a failed script for the app's next query to fall into", async () => {
    const { databaseHandle, getDb } = await import("@/db");
    const { sql } = await import("drizzle-orm");
    const handle = await databaseHandle();
    expect(handle.kind).toBe("pglite");
    const { db: adapter } = handle.jobQueueConnection() as unknown as {
      db: { executeSql(text: string): Promise<unknown> };
    };
    const db = await getDb();
    // The app's query waits for the connection while the script runs, and runs next.
    const [script, query] = await Promise.allSettled([
      adapter.executeSql("BEGIN; SELECT 1; SELECT 1 / 0; COMMIT;"),
      db.execute(sql`select 2 as two`),
    ]);
    expect(script.status).toBe("rejected");
    expect(query.status).toBe("fulfilled");
    await expect(db.execute(sql`select 3 as three`)).resolves.toBeDefined();
  });
});
