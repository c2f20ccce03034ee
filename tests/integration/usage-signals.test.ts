import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { pruneUsage } from "@/db/queries/usage-retention";
import { writeUsageBatch } from "@/db/queries/usage-writes";
import { apiKeys, events, keyOrigins, usageEvents, usageKeyDays } from "@/db/schema";
import {
  BURST_REFUSALS,
  ERROR_RATE_MIN_FAILURES,
  NEW_ORIGIN_NOTICES_PER_DAY,
  SPIKE_MIN_CALLS,
} from "@/lib/events/signal-thresholds";
import { recordUsageSignals } from "@/lib/events/usage-signals";
import { flushUsage, recordUsage } from "@/lib/usage/recorder";
import { newEventId } from "@/lib/usage/event-id";
import { outcomeTone } from "@/lib/usage/outcomes";
import { ownerWithKey, usageRecordFor } from "../support/factories";

type Key = { id: string; accountId: string };

/** Writes calls of `key` as the usage writer does, with what it derives from them in the same transaction. */
function write(key: Key, calls: Record<string, unknown>[]) {
  return writeUsageBatch(
    calls.map((overrides) => {
      const event = usageRecordFor(key, overrides);
      // As the recorder hands events over (lib/usage/recorder.ts).
      return { ...event, failed: event.counted && outcomeTone(event.outcome) === "failed" };
    }),
    { alsoWithin: recordUsageSignals },
  );
}

async function eventsOf(key: Key, type: string) {
  const db = await getDb();
  return db
    .select()
    .from(events)
    .where(and(eq(events.keyId, key.id), eq(events.type, type)))
    .orderBy(asc(events.occurredAt), asc(events.id));
}

describe("a key used from somewhere new", () => {
  it("is told once per new address or client; the first ones are the baseline, a version upgrade is not news", async () => {
    const { key } = await ownerWithKey();
    await write(key, [
      { ip: "203.0.113.1", userAgent: "curl/8.5.0" },
      { ip: "203.0.113.2", userAgent: "curl/8.5.0" },
    ]);
    expect(await eventsOf(key, "key.new_origin")).toHaveLength(0);

    await write(key, [{ ip: "203.0.113.1", userAgent: "curl/8.6.0" }]);
    expect(await eventsOf(key, "key.new_origin")).toHaveLength(0);

    await write(key, [
      { ip: "198.51.100.77", userAgent: "curl/8.6.0" },
      { ip: "198.51.100.77", userAgent: "python-requests/2.31.0" },
    ]);
    const [notice, ...rest] = await eventsOf(key, "key.new_origin");
    expect(rest).toHaveLength(0);
    expect(notice?.accountId).toBe(key.accountId);
    expect(notice?.data).toMatchObject({
      key: { id: key.id },
      addresses: ["198.51.100.77"],
      clients: ["python-requests/2.31.0"],
      more: 0,
    });

    await write(key, [{ ip: "198.51.100.77", userAgent: "python-requests/2.32.1" }]);
    expect(await eventsOf(key, "key.new_origin")).toHaveLength(1);
  });

  it("is not told of refused calls, and not twice when a batch is written again", async () => {
    const { key } = await ownerWithKey();
    await write(key, [{ ip: "203.0.113.1" }]);
    await write(key, [{ ip: "192.0.2.66", counted: false, outcome: "revoked" }]);
    expect(await eventsOf(key, "key.new_origin")).toHaveLength(0);

    const at = new Date();
    const replayed = [{ ip: "192.0.2.99", at, eventId: newEventId(at.getTime()) }];
    expect(await write(key, replayed)).toBe(1);
    expect(await write(key, replayed)).toBe(0);
    expect(await eventsOf(key, "key.new_origin")).toHaveLength(1);
  });

  it(`tells at most ${NEW_ORIGIN_NOTICES_PER_DAY} times a day per key, each notice listing five and counting the rest`, async () => {
    const { key } = await ownerWithKey();
    await write(key, [{ ip: "10.1.0.1" }]);
    await write(
      key,
      Array.from({ length: 8 }, (_, i) => ({ ip: `10.2.0.${i + 1}` })),
    );
    const [first] = await eventsOf(key, "key.new_origin");
    expect((first?.data as { addresses?: string[] } | undefined)?.addresses).toHaveLength(5);
    expect(first?.data).toMatchObject({ more: 3 });

    for (let i = 0; i < NEW_ORIGIN_NOTICES_PER_DAY + 3; i++) await write(key, [{ ip: `10.3.0.${i + 1}` }]);
    expect(await eventsOf(key, "key.new_origin")).toHaveLength(NEW_ORIGIN_NOTICES_PER_DAY);
    // Every origin is still remembered, notices or not: a later one from the same place is no news tomorrow.
    const db = await getDb();
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(keyOrigins)
      .where(and(eq(keyOrigins.keyId, key.id), eq(keyOrigins.kind, "address")));
    expect(n).toBe(1 + 8 + NEW_ORIGIN_NOTICES_PER_DAY + 3);
  });

  it("comes from the usage recorder's own writes", async () => {
    const { key } = await ownerWithKey();
    recordUsage(usageRecordFor(key, { ip: "203.0.113.10" }));
    await flushUsage();
    recordUsage(usageRecordFor(key, { ip: "203.0.113.11" }));
    await flushUsage();
    expect(await eventsOf(key, "key.new_origin")).toHaveLength(1);
  });

  it("never costs usage: signals that fail are let go, the calls are written", async () => {
    const { key } = await ownerWithKey();
    const db = await getDb();
    const trigger = `refuse_origin_${key.id.replaceAll("-", "")}`;
    await db.execute(sql`
      create or replace function ${sql.raw(trigger)}() returns trigger language plpgsql as $$
      begin
        if new.key_id = '${sql.raw(key.id)}'::uuid then raise exception 'refused for the test' using errcode = '22023'; end if;
        return new;
      end $$`);
    await db.execute(
      sql`create trigger ${sql.raw(trigger)} before insert on key_origins for each row execute function ${sql.raw(trigger)}()`,
    );
    try {
      recordUsage(usageRecordFor(key, { ip: "192.0.2.250" }));
      recordUsage(usageRecordFor(key, { ip: "192.0.2.251" }));
      await flushUsage();
    } finally {
      await db.execute(sql`drop trigger if exists ${sql.raw(trigger)} on key_origins`);
    }
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(usageEvents).where(eq(usageEvents.keyId, key.id));
    expect(n).toBe(2);
    expect(await db.select().from(keyOrigins).where(eq(keyOrigins.keyId, key.id))).toEqual([]);
  });

  it("forgets an origin unused for as long as raw events are kept", async () => {
    const { key } = await ownerWithKey();
    // Far in the past, and pruned as of a time far in the past too: other files share the database, and their usage
    // (the demo seed's month, the retention tests' days) lies well after this cutoff.
    const DAY = 24 * 60 * 60 * 1000;
    await write(key, [{ ip: "203.0.113.1", at: new Date(Date.now() - 1_000 * DAY) }]);
    await write(key, [{ ip: "203.0.113.2" }]);
    const result = await pruneUsage({ eventDays: 30, rollupDays: 4_000, now: new Date(Date.now() - 900 * DAY) });
    expect(result.signals).toBeGreaterThanOrEqual(1);
    const db = await getDb();
    const left = await db.select({ value: keyOrigins.value }).from(keyOrigins).where(eq(keyOrigins.keyId, key.id));
    expect(left.map((row) => row.value).sort()).toEqual(["203.0.113.2", "vitest"]);
  });
});

describe("a burst of rate-limit refusals", () => {
  const refusals = (n: number, at = new Date()) =>
    Array.from({ length: n }, () => ({ counted: false, outcome: "rate_limited", status: 429, at }));

  it(`is told once the refusals of 5 minutes reach ${BURST_REFUSALS}, once an hour`, async () => {
    const { key } = await ownerWithKey();
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const at = new Date(hour + 60_000);
    await write(key, refusals(BURST_REFUSALS - 1, at));
    expect(await eventsOf(key, "key.rate_limited")).toHaveLength(0);
    await write(key, refusals(1, at));
    const [burst] = await eventsOf(key, "key.rate_limited");
    expect(burst?.data).toMatchObject({ key: { id: key.id }, refusals: BURST_REFUSALS, windowMinutes: 5 });

    // Another window of the same hour: the owner already knows.
    await write(key, refusals(BURST_REFUSALS * 2, new Date(hour + 10 * 60_000)));
    expect(await eventsOf(key, "key.rate_limited")).toHaveLength(1);
    // The next hour: told again.
    await write(key, refusals(BURST_REFUSALS, new Date(hour + 61 * 60_000)));
    expect(await eventsOf(key, "key.rate_limited")).toHaveLength(2);
  });

  it("adds up what several writers write at once, and tells once", async () => {
    const { key } = await ownerWithKey();
    const at = new Date();
    const half = Math.ceil(BURST_REFUSALS / 2);
    await Promise.all([write(key, refusals(half, at)), write(key, refusals(half, at)), write(key, refusals(half, at))]);
    expect(await eventsOf(key, "key.rate_limited")).toHaveLength(1);
  });

  it("spreads refusals spread thinly over windows without telling", async () => {
    const { key } = await ownerWithKey();
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    for (let window = 0; window < 4; window++) {
      await write(key, refusals(BURST_REFUSALS - 10, new Date(hour + window * 5 * 60_000 + 1_000)));
    }
    expect(await eventsOf(key, "key.rate_limited")).toHaveLength(0);
  });
});

describe("an hour unlike the key's usual", () => {
  const HOUR = 3_600_000;
  const thisHour = () => Math.floor(Date.now() / HOUR) * HOUR;
  const calls = (n: number, at: Date, overrides: Record<string, unknown> = {}) =>
    Array.from({ length: n }, () => ({ at, ...overrides }));

  /** Gives the key a usual day of `perDay` calls on each of the 7 days before today. */
  async function usualDays(key: Key, perDay: number) {
    const db = await getDb();
    const today = Date.parse(new Date().toISOString().slice(0, 10));
    await db.insert(usageKeyDays).values(
      Array.from({ length: 7 }, (_, i) => ({
        keyId: key.id,
        accountId: key.accountId,
        day: new Date(today - (i + 1) * 24 * HOUR).toISOString().slice(0, 10),
        requests: perDay,
        errors: 0,
        refused: 0,
      })),
    );
  }

  it("keeps the hour's counts on the key: a new hour restarts them, a batch of an earlier hour leaves them alone", async () => {
    const { key } = await ownerWithKey();
    const db = await getDb();
    const hourOf = async () =>
      (await db.select().from(apiKeys).where(eq(apiKeys.id, key.id))).map((k) => [
        k.usageHour?.getTime(),
        k.usageHourCalls,
        k.usageHourFailures,
      ])[0];
    const previous = thisHour() - HOUR;
    await write(key, calls(3, new Date(previous + 1_000), { outcome: "failed", status: 500 }));
    expect(await hourOf()).toEqual([previous, 3, 3]);
    await write(key, calls(2, new Date(thisHour() + 1_000)));
    expect(await hourOf()).toEqual([thisHour(), 2, 0]);
    await write(key, calls(5, new Date(previous + 2_000)));
    expect(await hourOf()).toEqual([thisHour(), 2, 0]);
    // A batch that straddles the hour counts its later part.
    await write(key, [...calls(1, new Date(thisHour() - 1_000)), ...calls(2, new Date(thisHour() + 2_000))]);
    expect(await hourOf()).toEqual([thisHour(), 4, 0]);
  });

  it("is a spike at ten times the usual hour, told once a day; a key without a usual is only starting", async () => {
    const { key } = await ownerWithKey();
    await usualDays(key, 24 * 20); // 20 calls an hour
    const at = new Date(thisHour() + 1_000);
    await write(key, calls(SPIKE_MIN_CALLS - 1, at));
    expect(await eventsOf(key, "key.usage_spike")).toHaveLength(0);
    await write(key, calls(1, at));
    const [spike] = await eventsOf(key, "key.usage_spike");
    expect(spike?.data).toMatchObject({ key: { id: key.id }, calls: SPIKE_MIN_CALLS, usualPerHour: 20 });
    await write(key, calls(SPIKE_MIN_CALLS * 2, at));
    expect(await eventsOf(key, "key.usage_spike")).toHaveLength(1);

    const { key: fresh } = await ownerWithKey();
    await write(fresh, calls(SPIKE_MIN_CALLS * 2, at));
    expect(await eventsOf(fresh, "key.usage_spike")).toHaveLength(0);
  });

  it("is no spike for a key that is always this busy", async () => {
    const { key } = await ownerWithKey();
    await usualDays(key, 24 * 500); // 500 an hour: a spike would be 5,000
    await write(key, calls(SPIKE_MIN_CALLS * 4 - 1, new Date(thisHour() + 1_000)));
    expect(await eventsOf(key, "key.usage_spike")).toHaveLength(0);
  });

  it("tells when half the hour's accepted calls failed, and not when a few did", async () => {
    const { key } = await ownerWithKey();
    const at = new Date(thisHour() + 1_000);
    await write(key, calls(200, at));
    await write(key, calls(ERROR_RATE_MIN_FAILURES, at, { outcome: "failed", status: 500 }));
    // 50 of 250 failed: a fifth.
    expect(await eventsOf(key, "key.error_rate")).toHaveLength(0);

    const { key: failing } = await ownerWithKey();
    await write(failing, calls(30, at));
    await write(failing, calls(ERROR_RATE_MIN_FAILURES, at, { outcome: "upstream_timeout", status: 504 }));
    const [rate] = await eventsOf(failing, "key.error_rate");
    expect(rate?.data).toMatchObject({ failures: ERROR_RATE_MIN_FAILURES, calls: 30 + ERROR_RATE_MIN_FAILURES });
    await write(failing, calls(ERROR_RATE_MIN_FAILURES * 2, at, { outcome: "failed", status: 502 }));
    expect(await eventsOf(failing, "key.error_rate")).toHaveLength(1);
  });
});
