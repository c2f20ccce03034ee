import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { lastRequests, usageOverview } from "@/db/queries/usage-analytics";
import { rankAccountKeys, rankAccounts } from "@/db/queries/usage-rankings";
import { writeUsageBatch } from "@/db/queries/usage-writes";
import { apiKeys, usageEvents, usageRollups, type NewUsageEvent } from "@/db/schema";
import { createUser, apiKeyFor, createKeyInput, organizationOf } from "../support/factories";
import { createKey } from "@/lib/keys/lifecycle";

const DAY = 24 * 60 * 60 * 1000;

function event(keyId: string, accountId: string, overrides: Partial<NewUsageEvent> = {}): NewUsageEvent {
  return {
    keyId,
    accountId,
    at: new Date(),
    method: "GET",
    route: "/api/v1/me",
    status: 200,
    latencyMs: 3,
    ip: "198.51.100.1",
    ...overrides,
  };
}

async function rawAggregates(keyIds: string[]) {
  const db = await getDb();
  const result = await db.execute(sql`
    select key_id::text as key_id, to_char(at at time zone 'UTC', 'YYYY-MM-DD') as day, method || ' ' || route as route,
      status::int as status, count(*)::int as requests, sum(latency_ms)::int as latency_sum_ms
    from ${usageEvents} where key_id::text in ${keyIds} group by 1, 2, 3, 4 order by 1, 2, 3, 4`);
  return Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
}

async function rollupRows(keyIds: string[]) {
  const db = await getDb();
  const result = await db.execute(sql`
    select key_id::text as key_id, day::text as day, route, status::int as status, requests::int as requests,
      latency_sum_ms::int as latency_sum_ms, latency_buckets
    from ${usageRollups} where key_id::text in ${keyIds} order by 1, 2, 3, 4`);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    key_id: string;
    day: string;
    route: string;
    status: number;
    requests: number;
    latency_sum_ms: number;
    latency_buckets: number[];
  }[];
}

describe("usage rollups", () => {
  it("agree with the raw events after several batches, a failed-and-retried one among them", async () => {
    const owner = await createUser();
    const { key } = await apiKeyFor(owner, ["payments:read"]);
    const lateKeyId = randomUUID();
    const now = Date.now();
    const batch1 = Array.from({ length: 50 }, (_, i) =>
      event(key.id, owner.id, { at: new Date(now - (i % 3) * DAY), status: i % 7 === 0 ? 500 : 200, latencyMs: i * 7 }),
    );
    const batch2 = Array.from({ length: 30 }, (_, i) =>
      event(key.id, owner.id, {
        method: "POST",
        route: "/api/v1/keys",
        status: i % 5 === 0 ? 429 : 201,
        latencyMs: 4000 + i * 100,
      }),
    );
    await writeUsageBatch(batch1);
    // The third batch names a key that does not exist yet: the whole transaction fails and nothing of it stays.
    const batch3 = [...batch1.slice(0, 10), event(lateKeyId, owner.id)];
    await expect(writeUsageBatch(batch3)).rejects.toThrow();
    expect(await rollupRows([lateKeyId])).toEqual([]);
    const db = await getDb();
    await db.insert(apiKeys).values({
      id: lateKeyId,
      accountId: owner.id,
      name: "Late",
      environment: "live",
      start: "lk_live_x",
      rateLimit: 10,
      rateLimitWindow: "minute",
    });
    await writeUsageBatch(batch3);
    await writeUsageBatch(batch2);

    const keys = [key.id, lateKeyId];
    const rollups = await rollupRows(keys);
    expect(rollups.map(({ latency_buckets: _b, ...r }) => r)).toEqual(await rawAggregates(keys));
    for (const row of rollups) expect(row.latency_buckets.reduce((a, b) => a + b, 0)).toBe(row.requests);
    expect(rollups.reduce((sum, r) => sum + r.requests, 0)).toBe(50 + 11 + 30);
  });

  it("reads percentiles from the histograms and scopes the overview by owner and key", async () => {
    const owner = await createUser();
    const other = await createUser();
    const { key } = await apiKeyFor(owner, ["payments:read"]);
    const { key: sibling } = await apiKeyFor(owner, ["payments:read"]);
    const { key: foreign } = await apiKeyFor(other, ["payments:read"]);
    // 100 requests: latencies 1..100 ms. p50 falls in the (25, 50] bucket, p95 in (50, 100].
    await writeUsageBatch(
      Array.from({ length: 100 }, (_, i) =>
        event(key.id, owner.id, { latencyMs: i + 1, status: i < 90 ? 200 : 429, refused: i >= 90 }),
      ),
    );
    await writeUsageBatch([event(sibling.id, owner.id), event(sibling.id, owner.id, { at: new Date(Date.now() - 10 * DAY) })]);
    await writeUsageBatch([event(foreign.id, other.id)]);

    const one = await usageOverview({ accountId: owner.id, keyId: key.id }, 7);
    expect(one.daily).toHaveLength(7);
    // The 429s were refused by the gate: outcomes of their own, not requests, nor in the latency percentiles.
    expect(one.daily.at(-1)).toMatchObject({ successes: 90, errors: 0, refused: 10 });
    expect(one.totals).toMatchObject({ requests: 90, errors: 0, refused: 10, successRate: 1, rateLimited: 10 });
    expect(one.totals.p50Ms).toBeGreaterThan(25);
    expect(one.totals.p50Ms).toBeLessThanOrEqual(50);
    expect(one.totals.p95Ms).toBeGreaterThan(50);
    expect(one.totals.p95Ms).toBeLessThanOrEqual(100);
    expect(one.statusCodes).toEqual([
      { status: 200, refused: false, requests: 90 },
      { status: 429, refused: true, requests: 10 },
    ]);
    expect(one.topRoutes).toEqual([{ route: "GET /api/v1/me", source: "api", requests: 90, errors: 0, refused: 10 }]);

    const mine = await usageOverview({ accountId: owner.id }, 7);
    expect(mine.totals.requests).toBe(91);
    expect((await usageOverview({ accountId: owner.id }, 30)).totals.requests).toBe(92);
    expect((await rankAccountKeys(owner.id, 7, { limit: 10 })).keys.map((k) => k.keyId)).toEqual([key.id, sibling.id]);
    expect((await rankAccounts(7, 1000)).find((a) => a.accountId === owner.id)).toEqual({
      accountId: owner.id,
      email: owner.email,
      name: owner.name,
      requests: 91,
    });

    // Another owner's key reads as nothing at all.
    expect((await usageOverview({ accountId: other.id, keyId: key.id }, 90)).totals.requests).toBe(0);
    const platform = await usageOverview({}, 7);
    expect(platform.totals.requests).toBeGreaterThanOrEqual(92);
  });

  it("ranks organisations among the busiest accounts, by name, with their first owner's email", async () => {
    const founder = await createUser();
    const { account, actor } = await organizationOf(founder, "owner", `Busy Org ${randomUUID().slice(0, 8)}`);
    const { key } = await createKey(actor, account.id, createKeyInput());
    await writeUsageBatch(Array.from({ length: 5 }, () => event(key.id, account.id)));
    expect((await rankAccounts(7, 1000)).find((a) => a.accountId === account.id)).toEqual({
      accountId: account.id,
      email: founder.email,
      name: account.name,
      requests: 5,
    });
  });

  it("pages through a key's last requests, newest first, for its owner only", async () => {
    const owner = await createUser();
    const other = await createUser();
    const { key } = await apiKeyFor(owner, ["payments:read"]);
    const now = Date.now();
    await writeUsageBatch(
      Array.from({ length: 25 }, (_, i) => event(key.id, owner.id, { at: new Date(now - i * 1000), latencyMs: i })),
    );
    const first = await lastRequests({ accountId: owner.id, keyId: key.id, page: 1, pageSize: 10 });
    expect(first.rows.map((r) => r.latencyMs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(first.hasMore).toBe(true);
    const last = await lastRequests({ accountId: owner.id, keyId: key.id, page: 3, pageSize: 10 });
    expect(last.rows.map((r) => r.latencyMs)).toEqual([20, 21, 22, 23, 24]);
    expect(last.hasMore).toBe(false);
    expect((await lastRequests({ accountId: other.id, keyId: key.id, page: 1, pageSize: 10 })).rows).toEqual([]);
  });
});
