import { afterEach, describe, expect, it, vi } from "vitest";

// The database writer, failing or succeeding on demand; a batch holding an event of a deleted key fails its foreign
// key, as Postgres would refuse it.
const DELETED_KEY = "00000000-0000-4000-8000-0000000000dd";
const writer = vi.hoisted(() => ({
  fail: true,
  // A failure that says nothing of the events (a deadlock, a read-only replica after a failover), until cleared.
  transientCode: null as null | string,
  written: 0,
  transactions: 0,
  // Set: the next batch outlives the app's deadline, and the database tells later whether it committed it after all.
  lateOutcome: null as null | { committed: boolean; settle: () => void },
}));
// Reports of verified calls are applied after each flush; they have tests of their own against a database.
vi.mock("@/db/queries/usage-reports", () => ({ applyPendingReports: vi.fn(async () => 0) }));
vi.mock("@/db/queries/usage-writes", async () => {
  const { DatabaseDeadlineError } = await import("@/db/errors");
  return {
    writeUsageBatch: vi.fn(async (events: { keyId: string }[]) => {
      writer.transactions++;
      const late = writer.lateOutcome;
      if (late) {
        writer.lateOutcome = null;
        const settled = new Promise<void>((resolve) => {
          late.settle = resolve;
        }).then(() => {
          if (late.committed) writer.written += events.length;
          return late.committed;
        });
        throw new DatabaseDeadlineError("transaction", 4_000, settled);
      }
      if (writer.fail) throw Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" });
      if (writer.transientCode) throw Object.assign(new Error("could not write"), { code: writer.transientCode });
      if (events.some((event) => event.keyId === "00000000-0000-4000-8000-0000000000dd")) {
        throw Object.assign(new Error('insert on table "usage_events" violates foreign key constraint'), { code: "23503" });
      }
      writer.written += events.length;
    }),
  };
});

const { flushUsage, flushUsageOnShutdown, recordUsage, setAsideUsage, usageRecorderStats, MAX_BUFFERED } = await import(
  "./recorder"
);
const { applyPendingReports } = await import("@/db/queries/usage-reports");
const { logger } = await import("@/lib/infra/logger");

const record = (i: number) => ({
  keyId: "00000000-0000-4000-8000-000000000001",
  accountId: "00000000-0000-4000-8000-000000000002",
  at: new Date(),
  method: "GET",
  route: "/api/v1/me",
  status: 200,
  latencyMs: i % 7,
  ip: null,
  userAgent: null,
  counted: true,
  outcome: "ok",
});

afterEach(() => {
  writer.fail = true;
  writer.transientCode = null;
});

describe("usage recorder when the database is away", () => {
  it("keeps what it cannot write, retries it, drops only past its bound and counts what it dropped", async () => {
    for (let i = 0; i < 2_500; i++) recordUsage(record(i));
    await flushUsage();
    expect(usageRecorderStats()).toMatchObject({ buffered: 2_500, dropped: 0, written: 0 });

    // Past the bound the oldest events go, and are counted (the metrics show the count to admins).
    for (let i = 0; i < MAX_BUFFERED; i++) recordUsage(record(i));
    await flushUsage();
    expect(usageRecorderStats()).toMatchObject({ buffered: MAX_BUFFERED, dropped: 2_500 });

    // The database is back: everything still buffered is written, exactly once.
    writer.fail = false;
    await flushUsage();
    expect(writer.written).toBe(MAX_BUFFERED);
    expect(usageRecorderStats()).toMatchObject({ buffered: 0, dropped: 2_500, written: MAX_BUFFERED });
  }, 60_000);
});

describe("usage recorder when the database refuses some events", () => {
  it("sets aside only the events it can never write, writes every other one, and says so once", async () => {
    writer.fail = false;
    await flushUsage();
    const before = { ...usageRecorderStats(), written: writer.written };
    const log = vi.spyOn(logger, "error");
    try {
      // A key deleted while 3 of its events were still buffered, among 997 of a key that still exists.
      for (let i = 0; i < 1_000; i++) {
        recordUsage(i % 333 === 7 ? { ...record(i), keyId: DELETED_KEY } : record(i));
      }
      await flushUsage();
      expect(writer.written - before.written).toBe(997);
      expect(usageRecorderStats()).toMatchObject({ buffered: 0, rejected: before.rejected + 3 });
      expect(
        setAsideUsage()
          .slice(-3)
          .map((event) => event.keyId),
      ).toEqual([DELETED_KEY, DELETED_KEY, DELETED_KEY]);
      const setAsideLines = log.mock.calls.filter(([, message]) => String(message).includes("set aside"));
      expect(setAsideLines).toHaveLength(1);
      expect(setAsideLines[0][0]).toMatchObject({ rejected: 3, keyIds: [DELETED_KEY], code: "23503" });

      // Nothing is retried: later events are written at once, in one transaction.
      const transactions = writer.transactions;
      for (let i = 0; i < 10; i++) recordUsage(record(i));
      await flushUsage();
      expect(writer.written - before.written).toBe(1_007);
      expect(writer.transactions - transactions).toBe(1);
    } finally {
      log.mockRestore();
    }
  });
});

describe("usage recorder when the database stops answering in the middle of a write", () => {
  it.each([
    { committed: true, what: "counts a batch the database committed after all, and never writes it twice" },
    { committed: false, what: "writes again a batch the database rolled back, once it answers" },
  ])("$what", async ({ committed }) => {
    writer.fail = false;
    await flushUsage();
    const before = { ...usageRecorderStats(), written: writer.written, transactions: writer.transactions };
    const late = { committed, settle: () => {} };
    writer.lateOutcome = late;
    for (let i = 0; i < 10; i++) recordUsage(record(i));
    const flushed = flushUsage();
    // Until the database says, the batch is neither written again nor forgotten.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(writer.transactions - before.transactions).toBe(1);
    late.settle();
    await flushed;
    await flushUsage();
    expect(writer.written - before.written).toBe(10);
    expect(usageRecorderStats()).toMatchObject({ buffered: 0 });
  });
});

describe("usage recorder when the database fails for a reason that is not the events'", () => {
  it.each([
    ["40P01", "a deadlock"],
    ["25006", "a read-only database after a failover"],
    ["53100", "a full disk"],
  ])("keeps every event for a retry on %s (%s), and sets none aside", async (code) => {
    writer.fail = false;
    await flushUsage();
    const before = { ...usageRecorderStats(), written: writer.written };
    writer.transientCode = code;
    for (let i = 0; i < 50; i++) recordUsage(record(i));
    await flushUsage();
    expect(usageRecorderStats()).toMatchObject({ buffered: 50, rejected: before.rejected });

    writer.transientCode = null;
    await flushUsage();
    expect(writer.written - before.written).toBe(50);
    expect(usageRecorderStats()).toMatchObject({ buffered: 0, rejected: before.rejected });
  });
});

describe("usage recorder at shutdown", () => {
  it("writes what was recorded while a flush under way was still applying reports", async () => {
    writer.fail = false;
    const writtenBefore = writer.written;
    let releaseReports = () => {};
    let reportsStarted = () => {};
    const started = new Promise<void>((resolve) => {
      reportsStarted = resolve;
    });
    vi.mocked(applyPendingReports).mockImplementationOnce(
      () =>
        new Promise<number>((resolve) => {
          reportsStarted();
          releaseReports = () => resolve(0);
        }),
    );
    for (let i = 0; i < 3; i++) recordUsage(record(i));
    const periodic = flushUsage();
    await started;
    // The last requests finish while the periodic flush applies reports; then the server stops and flushes.
    for (let i = 0; i < 2; i++) recordUsage(record(i));
    const shutdown = flushUsageOnShutdown();
    releaseReports();
    await Promise.all([periodic, shutdown]);
    expect(writer.written - writtenBefore).toBe(5);
    expect(usageRecorderStats().buffered).toBe(0);
  });
});
