import { afterEach, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { accounts, apiKeys } from "@/db/schema";
import { notifyKeyChange } from "@/db/queries/key-changes";
import { GET as listKeys } from "@/app/api/v1/keys/route";
import { GET as me } from "@/app/api/v1/me/route";
import { DUPLICATE_CREDENTIALS_HEADER } from "@/lib/api/gate/read-key";
import { clearKeyCache } from "@/lib/keys/cache";
import { listenForKeyChanges } from "@/lib/keys/change-notifications";
import { revokeKey, rollKey } from "@/lib/keys/lifecycle";
import { generateKey } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";
import { logger } from "@/lib/infra/logger";
import { callRoute } from "../../../support/api";
import { actorOf, ownerWithKey } from "../../../support/factories";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("a refused authentication", () => {
  it("is logged with its reason, the address and at most the key's visible start, never the key or its hash", async () => {
    const warn = vi.spyOn(logger, "warn");
    const { owner, key, secret } = await ownerWithKey();
    const unknown = generateKey("lk", "live");
    await revokeKey(actorOf(owner), { keyId: key.id, accountId: owner.id });
    for (const sent of [unknown.secret, secret, "not-a-key"]) {
      expect((await callRoute(me, { path: "/me", key: sent, ip: "198.51.100.31" })).status).toBe(401);
    }
    expect((await callRoute(me, { path: "/me", ip: "198.51.100.31" })).status).toBe(401);
    const refusals = warn.mock.calls.filter(([, message]) => message === "API authentication refused").map(([fields]) => fields);
    expect(refusals).toEqual([
      expect.objectContaining({ reason: "invalid_key", ip: "198.51.100.31", keyStart: unknown.start, keyId: undefined }),
      expect.objectContaining({ reason: "invalid_key", ip: "198.51.100.31", keyStart: key.start, keyId: key.id }),
      expect.objectContaining({ reason: "invalid_key", ip: "198.51.100.31", keyStart: undefined }),
      expect.objectContaining({ reason: "missing_key", ip: "198.51.100.31" }),
    ]);
    const logged = JSON.stringify(warn.mock.calls);
    for (const leaked of [unknown.secret, secret, hashKey(unknown.secret), hashKey(secret), "not-a-key"]) {
      expect(logged).not.toContain(leaked);
    }
  });
});

describe("reading the key", () => {
  it("accepts Authorization: Bearer and X-API-Key alike", async () => {
    const { secret, key } = await ownerWithKey();
    const viaBearer = await callRoute(me, { path: "/me", key: secret });
    const viaHeader = await callRoute(me, { path: "/me", headers: { "X-API-Key": secret } });
    expect(viaBearer.status).toBe(200);
    expect(viaBearer.body.id).toBe(key.id);
    expect(viaHeader.status).toBe(200);
    expect(await callRoute(me, { path: "/me", key: secret, headers: { "X-API-Key": secret } })).toMatchObject({ status: 200 });
  });

  it("answers 401 missing_key without a key, and never reads one from the query string", async () => {
    const { secret } = await ownerWithKey();
    const missing = await callRoute(me, { path: `/me?key=${secret}&api_key=${secret}` });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ error: { code: "missing_key", message: expect.any(String) } });
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("answers 400 conflicting_keys when the two headers disagree", async () => {
    const [{ secret: a }, { secret: b }] = [await ownerWithKey(), await ownerWithKey()];
    const result = await callRoute(me, { path: "/me", key: a, headers: { "X-API-Key": b } });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("conflicting_keys");
  });

  it("answers 400 conflicting_keys when both headers are sent and only one holds a key", async () => {
    const { secret } = await ownerWithKey();
    for (const [authorization, apiKey] of [
      [`Bearer ${secret}`, ""],
      [`Bearer ${secret}`, "junk"],
      ["Bearer junk", secret],
    ]) {
      const result = await callRoute(me, { path: "/me", headers: { Authorization: authorization, "X-API-Key": apiKey } });
      expect({ authorization, apiKey, status: result.status, code: result.body.error?.code }).toEqual({
        authorization,
        apiKey,
        status: 400,
        code: "conflicting_keys",
      });
    }
  });

  it("answers 400 conflicting_keys when a credential header came more than once", async () => {
    const { secret } = await ownerWithKey();
    // Node keeps only the first Authorization and joins repeated X-API-Key values with ", "; server.mjs reads the raw
    // headers and marks the request, since after Node's parsing only the joined X-API-Key still shows it.
    const joined = await callRoute(me, { path: "/me", headers: { "X-API-Key": `${secret}, ${secret}` } });
    expect(joined.status).toBe(400);
    expect(joined.body.error.code).toBe("conflicting_keys");
    const marked = await callRoute(me, { path: "/me", key: secret, headers: { [DUPLICATE_CREDENTIALS_HEADER]: "1" } });
    expect(marked.status).toBe(400);
    expect(marked.body.error.code).toBe("conflicting_keys");
  });

  it("answers malformed, mistyped, overlong and unknown keys with the same 401", async () => {
    const { secret } = await ownerWithKey();
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

  it("a request without a key is refused with 401 missing_key, uncached", async () => {
    const { status, body, headers } = await callRoute(listKeys, { path: "/keys" });
    expect(status).toBe(401);
    expect(body.error.code).toBe("missing_key");
    expect(headers.get("cache-control")).toBe("no-store");
  });
});

describe("the key's state", () => {
  it("refuses a revoked key at once", async () => {
    const { owner, key, secret } = await ownerWithKey();
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
    await revokeKey(actorOf(owner), { keyId: key.id, accountId: owner.id });
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(401);
  });

  it("refuses an expired key, cached or not", async () => {
    const { secret } = await ownerWithKey({ expiry: "7" });
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 8 * 24 * 3600 * 1000 });
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(401);
    clearKeyCache();
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(401);
  });

  it("refuses a rolled-out secret at once without grace, and at the end of its grace with one", async () => {
    const { owner, key, secret } = await ownerWithKey();
    const ref = { keyId: key.id, accountId: owner.id };
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
    const { owner, secret } = await ownerWithKey();
    const db = await getDb();
    await db.update(accounts).set({ status: "suspended" }).where(eq(accounts.id, owner.id));
    clearKeyCache();
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(401);
    await db.update(accounts).set({ status: "active" }).where(eq(accounts.id, owner.id));
    clearKeyCache();
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
  });
});

describe("invalidation across instances", () => {
  it("evicts a cached key when another instance announces a change", async () => {
    await listenForKeyChanges();
    const { key, secret } = await ownerWithKey();
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
