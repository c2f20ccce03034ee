import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { GET as listKeys } from "@/app/api/v1/keys/route";
import { getDb } from "@/db";
import { events, usageQuotaCounters } from "@/db/schema";
import { consumeUsageQuota } from "@/lib/keys/usage-quota";
import { callRoute } from "../../../support/api";
import { updateKey } from "@/lib/keys/lifecycle";
import { actorOf, ownerWithKey } from "../../../support/factories";

// The usage quota in the gate: counted last (after authentication, scopes and the rate limit), exact under
// concurrency, refilled by the UTC calendar, reported in the RateLimit fields and by /me.

const withQuota = (limit: number, period: "day" | "month" | "total", extra: Record<string, unknown> = {}) =>
  ownerWithKey({ quotaLimit: String(limit), quotaPeriod: period, rateLimit: 10_000, ...extra });

async function usedOf(keyId: string): Promise<number[]> {
  const db = await getDb();
  const rows = await db
    .select({ used: usageQuotaCounters.used })
    .from(usageQuotaCounters)
    .where(eq(usageQuotaCounters.keyId, keyId));
  return rows.map((row) => row.used);
}

async function quotaEvents(keyId: string) {
  const db = await getDb();
  return db
    .select({ type: events.type, dedupeKey: events.dedupeKey, data: events.data })
    .from(events)
    .where(and(eq(events.keyId, keyId)))
    .then((rows) => rows.filter((row) => row.type.startsWith("key.quota_")));
}

describe("usage quota in the gate", () => {
  it("lets exactly the quota through under 100 concurrent calls, and answers the rest 429 quota_exceeded", async () => {
    const { key, secret } = await withQuota(10, "day");
    const answers = await Promise.all(Array.from({ length: 100 }, () => callRoute(me, { path: "/me", key: secret })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(90);
    const refused = answers.find((answer) => answer.status === 429)!;
    expect(refused.body.error.code).toBe("quota_exceeded");
    // Seconds to the next UTC midnight.
    const now = Date.now();
    const midnight = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + 1);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(Math.abs(retryAfter - (midnight - now) / 1000)).toBeLessThan(5);
    expect(refused.headers.get("ratelimit-policy")).toBe('"key";q=10000;w=60, "quota";q=10;w=86400');
    expect(refused.headers.get("ratelimit")).toMatch(/^"key";r=\d+;t=\d+, "quota";r=0;t=\d+$/);
    expect(await usedOf(key.id)).toEqual([10]);
  });

  it("reports what remains in the RateLimit fields and in /me", async () => {
    const { secret } = await withQuota(5, "month");
    const first = await callRoute(me, { path: "/me", key: secret });
    expect(first.status).toBe(200);
    const now = new Date();
    const monthSeconds =
      (Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)) / 1000;
    expect(first.headers.get("ratelimit-policy")).toBe(`"key";q=10000;w=60, "quota";q=5;w=${monthSeconds}`);
    expect(first.headers.get("ratelimit")).toMatch(/, "quota";r=4;t=\d+$/);
    expect(first.body.quota).toMatchObject({ limit: 5, period: "month", used: 1, remaining: 4 });
    expect(first.body.quota.reset).toBeGreaterThan(0);
    const second = await callRoute(me, { path: "/me", key: secret });
    expect(second.body.quota).toMatchObject({ used: 2, remaining: 3 });
  });

  it("has no second entry, no quota in /me and no counter row for a key without a quota", async () => {
    const { key, secret } = await ownerWithKey({ rateLimit: 100 });
    const answer = await callRoute(me, { path: "/me", key: secret });
    expect(answer.headers.get("ratelimit-policy")).toBe('"key";q=100;w=60');
    expect(answer.body.quota).toBeNull();
    expect(await usedOf(key.id)).toEqual([]);
  });

  it("a total quota has no window and no reset: it never refills, and Retry-After says a day", async () => {
    const { secret } = await withQuota(1, "total");
    const first = await callRoute(me, { path: "/me", key: secret });
    expect(first.headers.get("ratelimit-policy")).toBe('"key";q=10000;w=60, "quota";q=1');
    expect(first.headers.get("ratelimit")).toMatch(/, "quota";r=0$/);
    expect(first.body.quota).toMatchObject({ limit: 1, period: "total", used: 1, remaining: 0, reset: null });
    const refused = await callRoute(me, { path: "/me", key: secret });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("quota_exceeded");
    expect(refused.headers.get("retry-after")).toBe("86400");
  });

  it("never uses quota for refusals: a missing scope, an address off the allowlist, the rate limit", async () => {
    const { key, secret } = await withQuota(10, "day", { scopes: ["payments:read"], rateLimit: 2 });
    // keys:read is missing: 403, nothing counted.
    expect((await callRoute(listKeys, { path: "/keys", key: secret })).status).toBe(403);
    expect(await usedOf(key.id)).toEqual([]);
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
    const limited = await callRoute(me, { path: "/me", key: secret });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");
    expect(await usedOf(key.id)).toEqual([2]);
  });
});

describe("changing a key's usage quota", () => {
  it("applies from the next call, to what the period has used so far", async () => {
    const { owner, key, secret } = await withQuota(1, "day");
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(429);
    const ref = { keyId: key.id, accountId: key.accountId };
    await updateKey(actorOf(owner), ref, { ...key, allowance: { limit: 3, period: "day" } });
    const raised = await callRoute(me, { path: "/me", key: secret });
    expect(raised.status).toBe(200);
    expect(raised.body.quota).toMatchObject({ limit: 3, used: 2, remaining: 1 });
    await updateKey(actorOf(owner), ref, { ...key, allowance: null });
    const removed = await callRoute(me, { path: "/me", key: secret });
    expect(removed.body.quota).toBeNull();
    expect(removed.headers.get("ratelimit-policy")).not.toContain("quota");
  });
});

describe("usage quota periods (UTC calendar, injected now)", () => {
  const key = async (limit: number, period: "day" | "month" | "total") => (await withQuota(limit, period)).key;

  it("refills a daily quota at UTC midnight", async () => {
    const k = await key(2, "day");
    const evening = new Date("2026-03-31T23:59:59.500Z");
    expect((await consumeUsageQuota(k, 1, evening))?.allowed).toBe(true);
    const full = await consumeUsageQuota(k, 1, evening);
    expect(full).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 1 });
    expect((await consumeUsageQuota(k, 1, evening))?.allowed).toBe(false);
    const morning = await consumeUsageQuota(k, 1, new Date("2026-04-01T00:00:00.000Z"));
    expect(morning).toMatchObject({ allowed: true, used: 1, remaining: 1, resetSeconds: 86_400, windowSeconds: 86_400 });
  });

  it("refills a monthly quota when the next UTC month starts, whatever its length", async () => {
    const k = await key(1, "month");
    expect((await consumeUsageQuota(k, 1, new Date("2026-02-01T00:00:00Z")))?.windowSeconds).toBe(28 * 86_400);
    expect((await consumeUsageQuota(k, 1, new Date("2026-02-28T23:59:59Z")))?.allowed).toBe(false);
    const march = await consumeUsageQuota(k, 1, new Date("2026-03-01T00:00:00Z"));
    expect(march).toMatchObject({ allowed: true, used: 1, windowSeconds: 31 * 86_400 });
  });

  it("never refills a total", async () => {
    const k = await key(1, "total");
    expect((await consumeUsageQuota(k, 1, new Date("2026-01-01T00:00:00Z")))?.allowed).toBe(true);
    for (const later of ["2026-01-02T00:00:00Z", "2026-02-01T00:00:00Z", "2030-01-01T00:00:00Z"]) {
      expect(await consumeUsageQuota(k, 1, new Date(later))).toMatchObject({ allowed: false, resetSeconds: null });
    }
  });

  it("refuses a call whose cost does not fit whole, and counts nothing for it", async () => {
    const k = await key(10, "day");
    const now = new Date("2026-05-05T12:00:00Z");
    expect(await consumeUsageQuota(k, 7, now)).toMatchObject({ allowed: true, used: 7 });
    expect(await consumeUsageQuota(k, 4, now)).toMatchObject({ allowed: false, used: 7, remaining: 3 });
    expect(await consumeUsageQuota(k, 3, now)).toMatchObject({ allowed: true, used: 10, remaining: 0 });
    // More than the whole limit is refused even on a fresh period.
    expect(await consumeUsageQuota(k, 11, new Date("2026-05-06T12:00:00Z"))).toMatchObject({ allowed: false, used: 0 });
  });
});

describe("quota events", () => {
  it("records key.quota_warning at 80 % and key.quota_exhausted at 100 %, once each per period", async () => {
    const k = (await withQuota(10, "day")).key;
    const day = new Date("2026-06-10T08:00:00Z");
    await Promise.all(Array.from({ length: 30 }, () => consumeUsageQuota(k, 1, day)));
    const found = await quotaEvents(k.id);
    expect(found.map((event) => event.type).sort()).toEqual(["key.quota_exhausted", "key.quota_warning"]);
    expect(found.map((event) => event.dedupeKey).sort()).toEqual([
      `key.quota_exhausted:${k.id}:2026-06-10`,
      `key.quota_warning:${k.id}:2026-06-10`,
    ]);
    const warning = found.find((event) => event.type === "key.quota_warning")!;
    expect(warning.data).toMatchObject({
      key: { id: k.id, name: k.name, start: k.start },
      quota: { limit: 10, period: "day", periodStart: "2026-06-10", used: 8 },
    });
    // The next day is a new period: both fire again, once.
    const next = new Date("2026-06-11T08:00:00Z");
    for (let i = 0; i < 12; i++) await consumeUsageQuota(k, 1, next);
    expect((await quotaEvents(k.id)).filter((event) => event.dedupeKey?.endsWith("2026-06-11"))).toHaveLength(2);
  });

  it("fires the warning for a call that jumps past 80 %, and nothing below it", async () => {
    const k = (await withQuota(100, "month")).key;
    const now = new Date("2026-07-15T00:00:00Z");
    await consumeUsageQuota(k, 79, now);
    expect(await quotaEvents(k.id)).toEqual([]);
    await consumeUsageQuota(k, 5, now);
    expect((await quotaEvents(k.id)).map((event) => event.type)).toEqual(["key.quota_warning"]);
  });
});
