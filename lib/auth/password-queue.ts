import PQueue from "p-queue";

/** A password derivation refused before it started: too many were waiting, or this one waited too long. */
export class PasswordHashBusy extends Error {
  override name = "PasswordHashBusy";

  constructor(readonly reason: "queue_full" | "wait_timeout") {
    super(
      reason === "queue_full" ? "Too many password hashes are waiting to start." : "A password hash waited too long to start.",
    );
  }
}

export interface PasswordQueueLimits {
  /** Derivations that may run at once. */
  concurrency: number;
  /** Derivations that may wait for their turn; one more is refused at once. */
  maxWaiting: number;
  /** How long a derivation may wait for its turn before it is refused. */
  maxWaitMs: number;
}

export type PasswordQueue = ReturnType<typeof createPasswordQueue>;

/** Runs tasks at most `concurrency` at a time, the rest in the order they came, within the bounds on waiting. */
export function createPasswordQueue({ concurrency, maxWaiting, maxWaitMs }: PasswordQueueLimits) {
  const queue = new PQueue({ concurrency });
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      if (queue.size >= maxWaiting) return Promise.reject(new PasswordHashBusy("queue_full"));
      // The wait is bounded here, not with p-queue's `timeout`: that one times a task once it runs, and p-queue frees
      // the slot of a task it gives up on while scrypt goes on in the thread pool, so more than `concurrency` would
      // run. The signal can only fire while the task waits (p-queue then drops it from the queue): the timer stops as
      // the task starts.
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new PasswordHashBusy("wait_timeout")), maxWaitMs);
      const started = () => {
        clearTimeout(timer);
        return task();
      };
      return queue.add(started, { signal: controller.signal }).finally(() => clearTimeout(timer));
    },
    /** Tasks running now. */
    get running(): number {
      return queue.pending;
    },
    /** Tasks waiting for their turn. */
    get waiting(): number {
      return queue.size;
    },
  };
}
