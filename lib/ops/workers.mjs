// The primary process of `npm start` with several workers (WEB_CONCURRENCY): it serves nothing itself. It forks the
// workers (each a whole server.mjs: Next.js, the lean path, its own database pool, key cache, LISTEN connection and
// usage journal), shares the listening socket between them, counts rate limits for all of them when there is no Redis
// (rate-limiter-flexible's cluster master: one exact count per key, whichever worker a request reaches), adds up their
// metrics for whichever worker is scraped (prom-client's aggregator), replaces a worker that dies, and on SIGTERM
// stops them all and waits until each has flushed its usage.
import cluster from "node:cluster";
import { AggregatorRegistry } from "prom-client";
import { RateLimiterClusterMaster } from "rate-limiter-flexible";

// A worker that dies sooner than this after starting is crashing, not unlucky: wait longer before the next one.
const CRASH_WINDOW_MS = 10_000;
const FIRST_RESTART_DELAY_MS = 1_000;
const LAST_RESTART_DELAY_MS = 30_000;
// Each worker finishes its requests within its own grace (15 s) and then flushes; past this it is killed, and its
// journal is replayed by the next process to start.
const STOP_DEADLINE_MS = 45_000;

/**
 * Runs the primary: `count` workers of this same script. The first starts alone (it applies the migrations and seeds),
 * the others once it is ready. Resolves never; exits the process when stopped, or when the first worker cannot start.
 */
export function runPrimary(count) {
  new RateLimiterClusterMaster();
  // A scrape of /api/metrics reaches one worker, which asks here for every worker's metrics added up.
  const metrics = new AggregatorRegistry();
  const log = (message) => console.log(`[latchkey] ${message}`);
  let stopping = false;
  let ready = false;
  let crashes = 0;
  const startedAt = new Map();

  const fork = () => {
    // The first listens at once and answers 503 while it starts, as a lone server does; the others join when ready.
    // LATCHKEY_WORKER tells the worker that this primary counts its limits and adds up its metrics: a worker of some
    // other primary (a process manager's cluster mode) must not wait for answers that never come.
    const worker = cluster.fork({ LATCHKEY_WORKER: "1", ...(ready ? {} : { LATCHKEY_FIRST_WORKER: "1" }) });
    startedAt.set(worker.id, Date.now());
    log(`worker ${worker.process.pid} starting`);
    worker.on("message", (message) => {
      if (message?.latchkey === "metrics") {
        metrics.clusterMetrics().then(
          (text) => worker.isConnected() && worker.send({ latchkey: "metrics", id: message.id, text }),
          (error) => worker.isConnected() && worker.send({ latchkey: "metrics", id: message.id, error: String(error) }),
        );
        return;
      }
      // A worker that finished starting after the stop began is being stopped already: start no others.
      if (message?.latchkey !== "ready" || stopping) return;
      if (!ready) {
        ready = true;
        log(`worker ${worker.process.pid} ready; starting ${count - 1} more`);
        for (let i = 1; i < count; i++) fork();
      } else {
        log(`worker ${worker.process.pid} ready`);
      }
    });
    return worker;
  };

  let stopFailed = false;
  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      // A worker killed at the deadline, or whose flush failed, makes the stop a failed one (its journal waits).
      if (code !== 0) stopFailed = true;
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        log(stopFailed ? "stopped; a worker did not stop cleanly" : "stopped");
        process.exit(stopFailed ? 1 : 0);
      }
      return;
    }
    // The first worker could not start (a migration refused, a bad data folder): no other would either.
    if (!ready) {
      console.error(`[latchkey] the first worker could not start (${signal ?? `exit ${code}`}); stopping`);
      process.exit(typeof code === "number" && code !== 0 ? code : 1);
    }
    crashes = lived < CRASH_WINDOW_MS ? crashes + 1 : 0;
    const delay = crashes === 0 ? 0 : Math.min(LAST_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (crashes - 1));
    console.error(
      `[latchkey] worker ${worker.process.pid} ended (${signal ?? `exit ${code}`}); replacing it${delay ? ` in ${delay} ms` : ""}`,
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });

  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    log(`${signal}: stopping ${workers.length} workers`);
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker.process.kill("SIGTERM");
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) {
        console.error(`[latchkey] worker ${worker.process.pid} did not stop in time; killing it`);
        worker.process.kill("SIGKILL");
      }
    }, STOP_DEADLINE_MS).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  log(`primary ${process.pid}: ${count} workers`);
  fork();
}
