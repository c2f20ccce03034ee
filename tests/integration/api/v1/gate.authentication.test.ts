import { afterEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { GET as me } from "@/app/api/v1/me/route";
import { withApiKey } from "@/lib/api/gate/with-api-key";
import { jsonResponse } from "@/lib/http/envelope";
import { logger } from "@/lib/infra/logger";
import { clearKeyCache } from "@/lib/keys/cache";
import { createKey, revokeKey, rollKey, setKeyIpAllowlist } from "@/lib/keys/lifecycle";
import { generateKey } from "@/lib/keys/format";
import { callRoute } from "../../../support/api";
import { actorOf, createKeyInput, createUser } from "../../../support/factories";

async function issue(overrides: Record<string, unknown> = {}) {
  const owner = await createUser();
  const issued = await createKey(actorOf(owner), owner.id, createKeyInput(overrides));
  return { owner, ...issued };
}

afterEach(() => vi.useRealTimers());

describe("reading the key", () => {
  it("accepts Authorization: Bearer and X-API-Key alike", async () => {
    const { secret, key } = await issue();
    const viaBearer = await callRoute(me, { path: "/me", key: secret });
    const viaHeader = await callRoute(me, { path: "/me", headers: { "X-API-Key": secret } });
    expect(viaBearer.status).toBe(200);
    expect(viaBearer.body.id).toBe(key.id);
    expect(viaHeader.status).toBe(200);
    expect(await callRoute(me, { path: "/me", key: secret, headers: { "X-API-Key": secret } })).toMatchObject({ status: 200 });
  });

  it("answers 401 missing_key without a key, and never reads one from the query string", async () => {
    const { secret } = await issue();
    const missing = await callRoute(me, { path: `/me?key=${secret}&api_key=${secret}` });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ error: { code: "missing_key", message: expect.any(String) } });
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("answers 400 conflicting_keys when the two headers disagree", async () => {
    const [{ secret: a }, { secret: b }] = [await issue(), await issue()];
    const result = await callRoute(me, { path: "/me", key: a, headers: { "X-API-Key": b } });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("conflicting_keys");
  });

  it("answers malformed, mistyped, overlong and unknown keys with the same 401", async () => {
    const { secret } = await issue();
    const typo = secret.slice(0, 20) + (secret[20] === "a" ? "b" : "a") + secret.slice(21);
    const unknown = generateKey("lk", "live").secret;
    const bodies = [];
    for (const candidate of ["nonsense", typo, `${secret}x`.padEnd(70, "x"), unknown, `Basic ${secret}`]) {
      const sent = candidate.startsWith("Basic") ? { headers: { Authorization: candidate } } : { key: candidate };
      const result = await callRoute(me, { path: "/me", ...sent, ip: "198.51.100.20" });
      expect(result.status).toBe(401);
      bodies.push(result.body);
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0].error.code).toBe("invalid_key");
  });
});

describe("the key's state", () => {
  it("refuses a revoked key at once", async () => {
    const { owner, key, secret } = await issue();
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
    await revokeKey(actorOf(owner), { keyId: key.id, ownerId: owner.id });
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(401);
  });

  it("refuses an expired key, cached or not", async () => {
    const { secret } = await issue({ expiry: "7" });
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 8 * 24 * 3600 * 1000 });
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(401);
    clearKeyCache();
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(401);
  });

  it("refuses a rolled-out secret at once without grace, and at the end of its grace with one", async () => {
    const { owner, key, secret } = await issue();
    const ref = { keyId: key.id, ownerId: owner.id };
    const { secret: graced } = await rollKey(actorOf(owner), ref, "1h");
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
    expect((await callRoute(me, { path: "/me", key: graced })).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61 * 60 * 1000 });
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(401);
    expect((await callRoute(me, { path: "/me", key: graced })).status).toBe(200);
    vi.useRealTimers();
    const { secret: latest } = await rollKey(actorOf(owner), ref, "now");
    expect((await callRoute(me, { path: "/me", key: graced })).status).toBe(401);
    expect((await callRoute(me, { path: "/me", key: latest })).status).toBe(200);
  });

  it("refuses every key of a suspended owner and restores them on reactivation", async () => {
    const { owner, secret } = await issue();
    const db = await getDb();
    await db.update(users).set({ status: "suspended" }).where(eq(users.id, owner.id));
    clearKeyCache();
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(401);
    await db.update(users).set({ status: "active" }).where(eq(users.id, owner.id));
    clearKeyCache();
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
  });
});

describe("IP allowlist", () => {
  it("admits addresses inside the blocks and answers 403 ip_not_allowed outside, for IPv4 and IPv6", async () => {
    const { owner, key, secret } = await issue();
    await setKeyIpAllowlist(actorOf(owner), { keyId: key.id, ownerId: owner.id }, ["203.0.113.0/24", "2001:db8::/32"]);
    expect((await callRoute(me, { path: "/me", key: secret, ip: "203.0.113.77" })).status).toBe(200);
    expect((await callRoute(me, { path: "/me", key: secret, ip: "::ffff:203.0.113.8" })).status).toBe(200);
    expect((await callRoute(me, { path: "/me", key: secret, ip: "2001:db8:1::5" })).status).toBe(200);
    const outside = await callRoute(me, { path: "/me", key: secret, ip: "198.51.100.9" });
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe("ip_not_allowed");
    expect((await callRoute(me, { path: "/me", key: secret, ip: "2001:db9::1" })).status).toBe(403);
  });

  it("does not believe X-Forwarded-For unless a trusted proxy is configured", async () => {
    const { owner, key, secret } = await issue();
    await setKeyIpAllowlist(actorOf(owner), { keyId: key.id, ownerId: owner.id }, ["203.0.113.0/24"]);
    const spoofed = await callRoute(me, {
      path: "/me",
      key: secret,
      headers: { "X-Forwarded-For": "203.0.113.5" },
      ip: "198.51.100.9",
    });
    expect(spoofed.status).toBe(403);
  });
});

describe("scopes", () => {
  const needsUsage = withApiKey(async () => jsonResponse({ ok: true }), { scopes: ["usage:read"] });

  it("answers 403 insufficient_scope naming the missing scope", async () => {
    const { secret } = await issue({ scopes: ["keys:read"] });
    const refused = await callRoute(needsUsage, { path: "/me", key: secret });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("insufficient_scope");
    expect(refused.body.error.message).toContain("usage:read");
    // Authenticated, so the quota is reported, and none of it was used.
    expect(refused.headers.get("ratelimit")).toMatch(/^"key";r=600;t=\d+$/);
    const { secret: allowed } = await issue({ scopes: ["usage:read"] });
    expect((await callRoute(needsUsage, { path: "/me", key: allowed })).status).toBe(200);
  });
});

describe("errors", () => {
  it("logs an unexpected failure and answers a generic 500 without details", async () => {
    const { secret } = await issue();
    const failing = withApiKey(async () => {
      throw new Error("secret internal detail");
    });
    const log = vi.spyOn(logger, "error");
    const result = await callRoute(failing, { path: "/me", key: secret });
    expect(result.status).toBe(500);
    expect(JSON.stringify(result.body)).not.toContain("secret internal detail");
    // The details go to the log instead.
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ path: "/api/v1/me" }), "API request failed");
    log.mockRestore();
  });
});
