import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKeys, usageEvents } from "@/db/schema";
import { GET as me } from "@/app/api/v1/me/route";
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
    const { owner, key, secret } = await ownerWithKey();
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
