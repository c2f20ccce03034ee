import { afterEach, describe, expect, it, vi } from "vitest";

// The database writer, failing or succeeding on demand.
const writer = vi.hoisted(() => ({ fail: true, written: 0 }));
vi.mock("@/db/queries/usage-writes", () => ({
  writeUsageBatch: vi.fn(async (events: unknown[]) => {
    if (writer.fail) throw Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" });
    writer.written += events.length;
  }),
}));

const { flushUsage, recordUsage, usageRecorderStats, MAX_BUFFERED } = await import("./recorder");

const record = (i: number) => ({
  keyId: "00000000-0000-4000-8000-000000000001",
  ownerId: "00000000-0000-4000-8000-000000000002",
  at: new Date(),
  method: "GET",
  route: "/api/v1/me",
  status: 200,
  latencyMs: i % 7,
  ip: null,
  userAgent: null,
  counted: true,
});

afterEach(() => {
  writer.fail = true;
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
