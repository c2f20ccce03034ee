import cluster from "node:cluster";

/**
 * Whether this process is a worker of Latchkey's own primary (lib/ops/workers.mjs, WEB_CONCURRENCY above 1), which
 * counts rate limits for its workers and adds up their metrics, and is still there. A worker of another primary (a
 * process manager's cluster mode) is not: it must not wait for answers that would never come.
 */
export function isLatchkeyWorker(): boolean {
  return forkedByLatchkey && process.connected === true;
}

// Read once: the rate limiter asks on every check, and the environment is fixed for the process's life.
const forkedByLatchkey = cluster.isWorker && process.env.LATCHKEY_WORKER === "1";
