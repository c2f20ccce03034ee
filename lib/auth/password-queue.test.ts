import { afterEach, describe, expect, it, vi } from "vitest";
import { createPasswordQueue, PasswordHashBusy } from "./password-queue";

// Every microtask has run (p-queue starts the next task in one) once a macrotask comes round. setImmediate is left
// real in the tests that fake timers.
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** Tasks that finish when the test says so, counting how many run at once and in which order they started. */
function controlledTasks() {
  const finishers = new Map<number, { resolve: (value: string) => void; reject: (error: Error) => void }>();
  const log = { started: [] as number[], running: 0, peak: 0 };
  const task = (id: number) => () =>
    new Promise<string>((resolve, reject) => {
      log.started.push(id);
      log.running++;
      log.peak = Math.max(log.peak, log.running);
      finishers.set(id, {
        resolve: (value) => {
          log.running--;
          resolve(value);
        },
        reject: (error) => {
          log.running--;
          reject(error);
        },
      });
    });
  const finish = async (id: number) => {
    finishers.get(id)!.resolve(`task ${id}`);
    await settled();
  };
  const fail = async (id: number, error: Error) => {
    finishers.get(id)!.reject(error);
    await settled();
  };
  return { log, task, finish, fail };
}

/** Where a promise stands, without waiting for it. */
function watch<T>(promise: Promise<T>) {
  const state: { status: "pending" | "fulfilled" | "rejected"; value?: T; error?: unknown } = { status: "pending" };
  promise.then(
    (value) => Object.assign(state, { status: "fulfilled", value }),
    (error) => Object.assign(state, { status: "rejected", error }),
  );
  return state;
}

afterEach(() => vi.useRealTimers());

describe("password queue", () => {
  it("runs at most `concurrency` tasks at once and starts the waiting ones in the order they came", async () => {
    const queue = createPasswordQueue({ concurrency: 2, maxWaiting: 10, maxWaitMs: 10_000 });
    const { log, task, finish } = controlledTasks();
    const results = [0, 1, 2, 3, 4, 5].map((id) => watch(queue.run(task(id))));
    await settled();
    expect(log.started).toEqual([0, 1]);
    expect([queue.running, queue.waiting]).toEqual([2, 4]);

    await finish(1);
    expect(log.started).toEqual([0, 1, 2]);
    expect(results[1]).toEqual({ status: "fulfilled", value: "task 1" });
    await finish(0);
    await finish(2);
    expect(log.started).toEqual([0, 1, 2, 3, 4]);
    await finish(3);
    await finish(4);
    await finish(5);

    expect(log.started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(log.peak).toBe(2);
    expect(results.map((r) => r.value)).toEqual(["task 0", "task 1", "task 2", "task 3", "task 4", "task 5"]);
    expect([queue.running, queue.waiting]).toEqual([0, 0]);
  });

  it("refuses a task that waited past the bound with PasswordHashBusy, and never starts it", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const queue = createPasswordQueue({ concurrency: 1, maxWaiting: 10, maxWaitMs: 1_000 });
    const { log, task, finish } = controlledTasks();
    watch(queue.run(task(0)));
    const late = watch(queue.run(task(1)));
    await settled();

    await vi.advanceTimersByTimeAsync(999);
    expect(late.status).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(late.status).toBe("rejected");
    expect(late.error).toBeInstanceOf(PasswordHashBusy);
    expect(late.error).toMatchObject({ reason: "wait_timeout" });
    expect(queue.waiting).toBe(0);

    // The slot it was waiting for goes to the next task, and the refused one never runs.
    const next = watch(queue.run(task(2)));
    await finish(0);
    expect(log.started).toEqual([0, 2]);
    await finish(2);
    expect(next.status).toBe("fulfilled");
  });

  it("does not cut short a task that started within the bound, and keeps its slot while it runs", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const queue = createPasswordQueue({ concurrency: 1, maxWaiting: 10, maxWaitMs: 1_000 });
    const { log, task, finish } = controlledTasks();
    watch(queue.run(task(0)));
    const slow = watch(queue.run(task(1)));
    await settled();
    await vi.advanceTimersByTimeAsync(500);
    await finish(0);
    expect(log.started).toEqual([0, 1]);

    // Long past its wait bound, the running task still holds the only slot and is still awaited.
    const after = watch(queue.run(task(2)));
    await vi.advanceTimersByTimeAsync(900);
    expect(after.status).toBe("pending");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(slow.status).toBe("pending");
    expect(after).toMatchObject({ status: "rejected", error: { reason: "wait_timeout" } });
    expect(log.started).toEqual([0, 1]);
    expect(log.peak).toBe(1);
    await finish(1);
    expect(slow).toEqual({ status: "fulfilled", value: "task 1" });
  });

  it("refuses at once when the queue is full, and takes tasks again when there is room", async () => {
    const queue = createPasswordQueue({ concurrency: 1, maxWaiting: 2, maxWaitMs: 10_000 });
    const { log, task, finish } = controlledTasks();
    const accepted = [0, 1, 2].map((id) => watch(queue.run(task(id))));
    const refused = watch(queue.run(task(3)));
    await settled();
    expect(refused.status).toBe("rejected");
    expect(refused.error).toBeInstanceOf(PasswordHashBusy);
    expect(refused.error).toMatchObject({ reason: "queue_full" });
    expect(accepted.map((r) => r.status)).toEqual(["pending", "pending", "pending"]);

    await finish(0);
    const later = watch(queue.run(task(4)));
    for (const id of [1, 2, 4]) await finish(id);
    expect(later.status).toBe("fulfilled");
    expect(log.started).toEqual([0, 1, 2, 4]);
  });

  it("passes a task's own failure on unchanged and frees its slot", async () => {
    const queue = createPasswordQueue({ concurrency: 1, maxWaiting: 10, maxWaitMs: 10_000 });
    const { log, task, finish, fail } = controlledTasks();
    const failing = watch(queue.run(task(0)));
    const next = watch(queue.run(task(1)));
    await settled();
    const failure = new Error("scrypt failed");
    await fail(0, failure);
    expect(failing).toEqual({ status: "rejected", error: failure });
    expect(log.started).toEqual([0, 1]);
    await finish(1);
    expect(next.status).toBe("fulfilled");
  });
});
