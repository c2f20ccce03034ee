import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKeys, usageEvents } from "@/db/schema";
import { GET as me } from "@/app/api/v1/me/route";
import { GET as listKeys } from "@/app/api/v1/keys/route";
import { keyUsageSummary } from "@/db/queries/usage";
import { usageOverview } from "@/db/queries/usage-analytics";
import { rankAccountKeys } from "@/db/queries/usage-rankings";
import { flushUsage } from "@/lib/usage/recorder";
import { revokeKey } from "@/lib/keys/lifecycle";
import { callRoute } from "../../../support/api";
import { actorOf, ownerWithKey } from "../../../support/factories";

describe("usage recording", () => {
  it("writes one event per request in batches and keeps the key's counters", async () => {
    const { owner, key, secret } = await ownerWithKey({ rateLimit: 2, rateLimitWindow: "minute" });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await callRoute(me, { path: "/me", key: secret, headers: { "User-Agent": "sdk/1.0" }, ip: "192.0.2.10" })).status,
      );
    expect(statuses).toEqual([200, 200, 429]);
    const db = await getDb();
    // Nothing is written on the request's path…
    expect(await db.select().from(usageEvents).where(eq(usageEvents.keyId, key.id))).toHaveLength(0);
    await flushUsage();
    const events = await db.select().from(usageEvents).where(eq(usageEvents.keyId, key.id));
    expect(events.map((e) => e.status).sort()).toEqual([200, 200, 429]);
    expect(events[0]).toMatchObject({
      accountId: owner.id,
      method: "GET",
      route: "/api/v1/me",
      ip: "192.0.2.10",
      userAgent: "sdk/1.0",
    });
    const [counters] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    // The 429 was refused: an event, but not a request the key made.
    expect(counters.requestCount).toBe(2);
    expect(counters.lastUsedAt).not.toBeNull();
  });

  it("counts only accepted calls as requests; refusals by the gate stay visible as their own outcome", async () => {
    const { owner, key, secret } = await ownerWithKey({ rateLimit: 3, rateLimitWindow: "minute", scopes: ["payments:read"] });
    const statuses = [];
    // /me needs no scope, /keys needs keys:read: refused for its scope (which uses none of the limit), then the limit.
    for (const handler of [me, listKeys, me, me, me])
      statuses.push((await callRoute(handler, { path: "/x", key: secret })).status);
    expect(statuses).toEqual([200, 403, 200, 200, 429]);
    await flushUsage();
    const db = await getDb();
    const events = await db.select().from(usageEvents).where(eq(usageEvents.keyId, key.id)).orderBy(usageEvents.id);
    expect(events.map((e) => [e.status, e.refused])).toEqual([
      [200, false],
      [403, true],
      [200, false],
      [200, false],
      [429, true],
    ]);
    const [counters] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(counters.requestCount).toBe(3);

    const usage = await keyUsageSummary({ keyId: key.id, accountId: owner.id }, 7);
    expect({ total: usage.total, successes: usage.successes, errors: usage.errors, refused: usage.refused }).toEqual({
      total: 3,
      successes: 3,
      errors: 0,
      refused: 2,
    });
    const overview = await usageOverview({ accountId: owner.id }, 7);
    expect(overview.totals).toMatchObject({ requests: 3, errors: 0, refused: 2, rateLimited: 1 });
    expect((await rankAccountKeys(owner.id, 7, { limit: 10 })).keys).toEqual([
      expect.objectContaining({ keyId: key.id, requests: 3, refused: 2 }),
    ]);
    expect(overview.statusCodes).toEqual([
      { status: 200, refused: false, requests: 3 },
      { status: 403, refused: true, requests: 1 },
      { status: 429, refused: true, requests: 1 },
    ]);
  });

  it("keeps a refused key's attempts for its owner without counting them as requests", async () => {
    const { owner, key, secret } = await ownerWithKey();
    await revokeKey(actorOf(owner), { keyId: key.id, accountId: owner.id });
    expect((await callRoute(me, { path: "/me", key: secret, ip: "192.0.2.11" })).status).toBe(401);
    await flushUsage();
    const db = await getDb();
    const events = await db.select().from(usageEvents).where(eq(usageEvents.keyId, key.id));
    expect(events.map((e) => e.status)).toEqual([401]);
    const [counters] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(counters.requestCount).toBe(0);
  });
});
