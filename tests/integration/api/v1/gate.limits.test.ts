import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKeys, usageEvents } from "@/db/schema";
import { GET as me } from "@/app/api/v1/me/route";
import { FAILED_AUTH_LIMIT, THROTTLED_LOOKUPS_PER_MINUTE } from "@/lib/api/gate/auth-throttle";
import { listenForKeyChanges } from "@/lib/keys/changes";
import { notifyKeyChange } from "@/db/queries/key-changes";
import { flushUsage } from "@/lib/usage/recorder";
import { createKey, revokeKey } from "@/lib/keys/lifecycle";
import { generateKey } from "@/lib/keys/format";
import { callRoute } from "../../../support/api";
import { actorOf, createKeyInput, createUser } from "../../../support/factories";

async function issue(overrides: Record<string, unknown> = {}) {
  const owner = await createUser();
  const issued = await createKey(actorOf(owner), owner.id, createKeyInput(overrides));
  return { owner, ...issued };
}

describe("per-key rate limit", () => {
  it("answers 429 with Retry-After past the key's limit, and RateLimit fields on every response", async () => {
    const { secret } = await issue({ rateLimit: 3, rateLimitWindow: "minute" });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await callRoute(me, { path: "/me", key: secret }));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(results[0].headers.get("ratelimit-policy")).toBe('"key";q=3;w=60');
    expect(results[0].headers.get("ratelimit")).toMatch(/^"key";r=2;t=\d+$/);
    expect(results[2].headers.get("ratelimit")).toMatch(/^"key";r=0;t=\d+$/);
    expect(results[0].body.rateLimit).toMatchObject({ limit: 3, window: "minute", remaining: 2 });
    const refused = results[3];
    expect(refused.body.error.code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(refused.headers.get("ratelimit-policy")).toBe('"key";q=3;w=60');
  });

  it("counts each key on its own", async () => {
    const { secret: a } = await issue({ rateLimit: 1, rateLimitWindow: "hour" });
    const { secret: b } = await issue({ rateLimit: 1, rateLimitWindow: "hour" });
    expect((await callRoute(me, { path: "/me", key: a })).status).toBe(200);
    expect((await callRoute(me, { path: "/me", key: a })).status).toBe(429);
    expect((await callRoute(me, { path: "/me", key: b })).status).toBe(200);
  });
});

describe("failed-authentication throttle", () => {
  it("turns away an address after repeated failures without touching any key's quota", async () => {
    const { secret } = await issue({ rateLimit: 5, rateLimitWindow: "minute" });
    const { secret: working } = await issue();
    const guesser = "192.0.2.66";
    // A key this address used before the failures began.
    expect((await callRoute(me, { path: "/me", key: working, ip: guesser })).status).toBe(200);
    for (let i = 0; i < FAILED_AUTH_LIMIT; i++) {
      expect((await callRoute(me, { path: "/me", key: generateKey("lk", "live").secret, ip: guesser })).status).toBe(401);
    }
    const blocked = await callRoute(me, { path: "/me", key: generateKey("lk", "live").secret, ip: guesser });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("auth_throttled");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // While blocked, a key already verified keeps working, so a stale key beside working ones does not cut a customer
    // off; a valid key not seen before still gets through on one of the few lookups a blocked address is allowed…
    expect((await callRoute(me, { path: "/me", key: working, ip: guesser })).status).toBe(200);
    expect((await callRoute(me, { path: "/me", key: secret, ip: guesser })).status).toBe(200);
    // …and guesses run out of those lookups quickly, then are turned away without any.
    const answers = [];
    for (let i = 0; i < THROTTLED_LOOKUPS_PER_MINUTE + 2; i++) {
      answers.push((await callRoute(me, { path: "/me", key: generateKey("lk", "live").secret, ip: guesser })).status);
    }
    expect(new Set(answers)).toEqual(new Set([429]));
    // …but works from anywhere else, with its whole quota intact.
    const elsewhere = await callRoute(me, { path: "/me", key: secret, ip: "192.0.2.67" });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.rateLimit.remaining).toBe(3);
  });
});

describe("usage recording", () => {
  it("writes one event per request in batches and keeps the key's counters", async () => {
    const { owner, key, secret } = await issue({ rateLimit: 2, rateLimitWindow: "minute" });
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
      ownerId: owner.id,
      method: "GET",
      route: "/api/v1/me",
      ip: "192.0.2.10",
      userAgent: "sdk/1.0",
    });
    const [counters] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(counters.requestCount).toBe(3);
    expect(counters.lastUsedAt).not.toBeNull();
  });

  it("keeps a refused key's attempts for its owner without counting them as requests", async () => {
    const { owner, key, secret } = await issue();
    await revokeKey(actorOf(owner), { keyId: key.id, ownerId: owner.id });
    expect((await callRoute(me, { path: "/me", key: secret, ip: "192.0.2.11" })).status).toBe(401);
    await flushUsage();
    const db = await getDb();
    const events = await db.select().from(usageEvents).where(eq(usageEvents.keyId, key.id));
    expect(events.map((e) => e.status)).toEqual([401]);
    const [counters] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(counters.requestCount).toBe(0);
  });
});

describe("invalidation across instances", () => {
  it("evicts a cached key when another instance announces a change", async () => {
    await listenForKeyChanges();
    const { key, secret } = await issue();
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
    // Another instance revokes the key: its write and its notification reach this database, not this process's cache.
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.update(apiKeys).set({ revokedAt: sql`now()` }).where(eq(apiKeys.id, key.id));
      await notifyKeyChange(tx, { keyId: key.id });
    });
    const deadline = Date.now() + 1000;
    let status = 200;
    while (Date.now() < deadline && status === 200) {
      status = (await callRoute(me, { path: "/me", key: secret })).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe(401);
  });
});
