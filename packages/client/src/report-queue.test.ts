import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLatchkey } from "./client";
import { LatchkeyError } from "./errors";
import { ReportQueue } from "./report-queue";
import { errorAnswer, fakeFetch } from "./test-support/fake-latchkey";
import type { ReportInput } from "./types";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const eventId = (n: number) => `0192f0c4-1a2b-7c3d-8e4f-${n.toString(16).padStart(12, "0")}`;
const report = (n: number, status = 200): ReportInput => ({ eventId: eventId(n), status, latencyMs: 12 });

function queueSending(send: (batch: ReportInput[]) => Promise<void>, options = {}) {
  const batches: ReportInput[][] = [];
  const errors: unknown[] = [];
  const queue = new ReportQueue({
    send: async (batch) => {
      batches.push(batch);
      await send(batch);
    },
    onError: (error) => errors.push(error),
    ...options,
  });
  return { queue, batches, errors };
}

describe("the report queue", () => {
  it("sends what was queued within one interval, in one batch", async () => {
    const { queue, batches } = queueSending(async () => {});
    queue.add(report(1));
    queue.add(report(2));
    await vi.advanceTimersByTimeAsync(999);
    expect(batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[report(1), report(2)]]);
    expect(queue.size).toBe(0);
  });

  it("sends at once when 1000 are waiting, and never more than 1000 in a request", async () => {
    const { queue, batches } = queueSending(async () => {});
    for (let n = 0; n < 2500; n++) queue.add(report(n));
    await vi.advanceTimersByTimeAsync(0);
    expect(batches.map((batch) => batch.length)).toEqual([1000, 1000, 500]);
  });

  it("rounds latencies and caps them at 10 minutes, as Latchkey accepts them", async () => {
    const { queue, batches } = queueSending(async () => {});
    queue.add({ eventId: eventId(1), status: 201, latencyMs: 12.6 });
    queue.add({ eventId: eventId(2), status: 504, latencyMs: 3_600_000 });
    await queue.flush();
    expect(batches[0]).toEqual([
      { eventId: eventId(1), status: 201, latencyMs: 13 },
      { eventId: eventId(2), status: 504, latencyMs: 600_000 },
    ]);
  });

  it("drops a report out of bounds without throwing, and tells onError", async () => {
    const { queue, errors } = queueSending(async () => {});
    expect(() => queue.add({ eventId: "nope", status: 200, latencyMs: 1 })).not.toThrow();
    queue.add({ eventId: eventId(1), status: 99, latencyMs: 1 });
    queue.add({ eventId: eventId(1), status: 200.5, latencyMs: 1 });
    queue.add({ eventId: eventId(1), status: 200, latencyMs: -1 });
    queue.add({ eventId: eventId(1), status: 200, latencyMs: Number.NaN });
    expect(queue.size).toBe(0);
    expect(errors).toHaveLength(5);
  });

  it("retries a batch Latchkey could not take, after 1, 2, 4 … s, in order and with what came meanwhile", async () => {
    let failures = 3;
    const { queue, batches, errors } = queueSending(async () => {
      if (failures-- > 0) throw new LatchkeyError("unavailable", "503", { status: 503 });
    });
    queue.add(report(1));
    await vi.advanceTimersByTimeAsync(1000); // first try fails: pause 1 s
    queue.add(report(2));
    await vi.advanceTimersByTimeAsync(1000); // second fails: pause 2 s
    expect(batches).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(batches).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1); // third fails: pause 4 s
    expect(batches).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4000);
    expect(batches).toHaveLength(4);
    expect(batches[3]).toEqual([report(1), report(2)]);
    expect(queue.size).toBe(0);
    expect(errors).toHaveLength(3);
  });

  it("waits at least as long as Latchkey's Retry-After", async () => {
    let failures = 1;
    const { queue, batches } = queueSending(async () => {
      if (failures-- > 0) throw new LatchkeyError("rate_limited", "429", { status: 429, retryAfter: 20 });
    });
    queue.add(report(1));
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(batches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toHaveLength(2);
  });

  it("drops a batch Latchkey refused for what it is, and goes on with the next", async () => {
    const { queue, batches, errors } = queueSending(async (batch) => {
      if (batch[0].eventId === eventId(0)) throw new LatchkeyError("bad_request", "400", { status: 400 });
    });
    for (let n = 0; n < 1500; n++) queue.add(report(n));
    await queue.flush();
    expect(batches.map((batch) => batch.length)).toEqual([1000, 500]);
    expect(queue.size).toBe(0);
    expect(errors).toHaveLength(1);
  });

  it("sends one report per event in a batch, the first, as Latchkey refuses a batch naming an event twice", async () => {
    const { queue, batches } = queueSending(async () => {});
    queue.add(report(1, 201));
    queue.add(report(2));
    queue.add({ ...report(1, 500), eventId: eventId(1).toUpperCase() });
    await queue.flush();
    expect(batches).toEqual([[report(1, 201), report(2)]]);
  });

  it("sends the others again when Latchkey names the reports it refused", async () => {
    const { queue, batches, errors } = queueSending(async (batch) => {
      const bad = batch.findIndex((entry) => entry.status === 418);
      if (bad >= 0) {
        throw new LatchkeyError("bad_request", "400", {
          status: 400,
          fields: [{ path: `reports.${bad}.status`, message: "no" }],
        });
      }
    });
    queue.add(report(1));
    queue.add(report(2, 418));
    queue.add(report(3));
    await queue.flush();
    expect(batches).toEqual([
      [report(1), report(2, 418), report(3)],
      [report(1), report(3)],
    ]);
    expect(errors).toHaveLength(1);
  });

  it("keeps at most maxQueued while Latchkey is away, dropping the oldest", async () => {
    const { queue, errors } = queueSending(
      async () => {
        throw new TypeError("fetch failed");
      },
      { maxQueued: 10 },
    );
    for (let n = 0; n < 15; n++) queue.add(report(n));
    expect(queue.size).toBe(10);
    expect(errors).toHaveLength(5);
  });

  it("sends everything on close() and refuses reports after it", async () => {
    const { queue, batches, errors } = queueSending(async () => {});
    queue.add(report(1));
    await queue.close();
    expect(batches).toEqual([[report(1)]]);
    queue.add(report(2));
    expect(queue.size).toBe(0);
    expect(errors).toHaveLength(1);
  });

  it("survives an onError that throws", async () => {
    const queue = new ReportQueue({
      send: async () => {},
      onError: () => {
        throw new Error("logger down");
      },
    });
    expect(() => queue.add({ eventId: "nope", status: 200, latencyMs: 1 })).not.toThrow();
  });
});

describe("report() on the client", () => {
  it("posts batches to /api/v1/verify/reports and never throws into the caller", async () => {
    const fake = fakeFetch((call) =>
      Response.json({
        results: (call.body.reports as ReportInput[]).map(({ eventId }) => ({ eventId, result: "applied" })),
      }),
    );
    const latchkey = createLatchkey({ baseUrl: "https://keys.example.test", platformKey: "platform", fetch: fake.fetch });
    latchkey.report(report(1, 201));
    latchkey.report(report(2, 500));
    expect(latchkey.pendingReports).toBe(2);
    await latchkey.flush();
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0].url).toBe("https://keys.example.test/api/v1/verify/reports");
    expect(fake.calls[0].body).toEqual({ reports: [report(1, 201), report(2, 500)] });
    expect(latchkey.pendingReports).toBe(0);
  });

  it("keeps reports queued while Latchkey answers 503, and delivers them once it is back", async () => {
    let up = false;
    const errors: unknown[] = [];
    const fake = fakeFetch(() => (up ? Response.json({ results: [] }) : errorAnswer(503, "service_unavailable")));
    const latchkey = createLatchkey({
      baseUrl: "https://keys.example.test",
      platformKey: "platform",
      fetch: fake.fetch,
      onError: (error) => errors.push(error),
    });
    latchkey.report(report(1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(latchkey.pendingReports).toBe(1);
    expect(errors[0]).toMatchObject({ kind: "unavailable", status: 503 });
    up = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(latchkey.pendingReports).toBe(0);
    expect(fake.calls).toHaveLength(2);
  });

  it("sendReports answers what Latchkey did with each report", async () => {
    const fake = fakeFetch(() => Response.json({ results: [{ eventId: eventId(1), result: "pending" }] }));
    const latchkey = createLatchkey({ baseUrl: "https://keys.example.test", platformKey: "platform", fetch: fake.fetch });
    expect(await latchkey.sendReports([report(1)])).toEqual([{ eventId: eventId(1), result: "pending" }]);
  });
});
