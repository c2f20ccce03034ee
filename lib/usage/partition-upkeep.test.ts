import { afterEach, describe, expect, it, vi } from "vitest";

// The upkeep's look at the database, made to take as long as a test wants, or to fail.
const looks = vi.hoisted(() => ({ started: 0, pending: [] as (() => void)[], fail: false }));
vi.mock("@/db/queries/usage-partitions", () => ({
  ensureUsagePartitions: vi.fn(() => {
    looks.started++;
    if (looks.fail) return Promise.reject(Object.assign(new Error("lock timeout"), { code: "55P03" }));
    return new Promise<string[]>((resolve) => looks.pending.push(() => resolve([])));
  }),
}));

const { keepUsagePartitions, startPartitionUpkeep, stopPartitionUpkeep } = await import("./partition-upkeep");
const HOUR = 60 * 60 * 1000;

afterEach(() => {
  stopPartitionUpkeep();
  vi.useRealTimers();
  Object.assign(looks, { started: 0, pending: [], fail: false });
});

describe("partition upkeep", () => {
  it("looks again an hour after the previous look ended, so that slow looks never pile up", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    startPartitionUpkeep();
    startPartitionUpkeep(); // a second start (start-up retried) adds no second timer
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(looks.started).toBe(1);
    // The database is slow: hours go by and no other look starts meanwhile.
    await vi.advanceTimersByTimeAsync(5 * HOUR);
    expect(looks.started).toBe(1);
    looks.pending.shift()?.();
    await vi.advanceTimersByTimeAsync(HOUR - 1);
    expect(looks.started).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(looks.started).toBe(2);
  });

  it("stops looking once stopped, even in the middle of a look", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    startPartitionUpkeep();
    await vi.advanceTimersByTimeAsync(HOUR);
    stopPartitionUpkeep();
    looks.pending.shift()?.();
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect(looks.started).toBe(1);
  });

  it("logs a failed look and goes on: the default partition keeps the events meanwhile", async () => {
    looks.fail = true;
    await expect(keepUsagePartitions()).resolves.toBeUndefined();
    expect(looks.started).toBe(1);
  });
});
