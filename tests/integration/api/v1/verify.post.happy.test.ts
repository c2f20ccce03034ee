import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { PATCH as patchKey } from "@/app/api/v1/keys/[id]/route";
import { POST as verifyRoute } from "@/app/api/v1/verify/route";
import { getDb } from "@/db";
import { apiKeys } from "@/db/schema";
import { verifyResultSchema } from "@/lib/api/response-schemas";
import { generateKey } from "@/lib/keys/format";
import { revokeKey, rollKey } from "@/lib/keys/lifecycle";
import { callRoute } from "../../../support/api";
import { actorOf, apiKeyFor, createUser, ownerWithManagerKey } from "../../../support/factories";

/** The platform's verifying service: an admin's key with keys:verify. */
async function verifierKey() {
  const admin = await createUser({ role: "admin" });
  return (await apiKeyFor(admin, ["keys:verify"])).secret;
}

async function verify(verifier: string, body: unknown) {
  return callRoute(verifyRoute, { method: "POST", path: "/verify", key: verifier, body });
}

const NOTHING_KNOWN = {
  valid: false,
  keyId: null,
  accountId: null,
  ownerId: null,
  scopes: [],
  expiresAt: null,
  secretEndsAt: null,
  metadata: null,
  rateLimit: { limit: null, remaining: null, reset: null },
  quota: null,
  eventId: null,
};

describe("POST /api/v1/verify", () => {
  it("answers a valid key of any owner with its id, owner, scopes and quota, and never echoes it", async () => {
    const verifier = await verifierKey();
    const client = await createUser();
    const presented = await apiKeyFor(client, ["payments:read", "payments:write"], { rateLimit: 100 });

    const { status, headers, body } = await verify(verifier, { key: presented.secret, scopes: ["payments:read"] });
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(verifyResultSchema.parse(body)).toEqual(body);
    expect(body).toEqual({
      valid: true,
      code: "valid",
      keyId: presented.key.id,
      accountId: client.id,
      ownerId: client.id,
      scopes: ["payments:read", "payments:write"],
      expiresAt: null,
      secretEndsAt: null,
      metadata: {},
      rateLimit: { limit: 100, remaining: 99, reset: expect.any(Number) },
      quota: null,
      eventId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7/),
    });
    expect(JSON.stringify(body)).not.toContain(presented.secret);
  });

  it("answers a key presented with a secret being retired as valid, saying when that secret stops", async () => {
    const verifier = await verifierKey();
    const client = await createUser();
    const presented = await apiKeyFor(client, ["payments:read"]);
    const before = Date.now();
    const { secret: current } = await rollKey(actorOf(client), { keyId: presented.key.id, accountId: client.id }, "1h");

    const old = await verify(verifier, { key: presented.secret, scopes: ["payments:read"] });
    expect(verifyResultSchema.parse(old.body)).toEqual(old.body);
    expect(old.body).toMatchObject({ valid: true, code: "valid", keyId: presented.key.id });
    const endsAt = Date.parse(old.body.secretEndsAt);
    expect(endsAt).toBeGreaterThanOrEqual(before + 3_600_000 - 1_000);
    expect(endsAt).toBeLessThanOrEqual(Date.now() + 3_600_000 + 1_000);

    const now = await verify(verifier, { key: current, scopes: ["payments:read"] });
    expect(now.body).toMatchObject({ valid: true, code: "valid", keyId: presented.key.id, secretEndsAt: null });
  });

  it("answers malformed and unknown keys with nothing about any key", async () => {
    const verifier = await verifierKey();
    const unknown = generateKey("lk", "live").secret;
    expect((await verify(verifier, { key: "lk_live_short" })).body).toEqual({ ...NOTHING_KNOWN, code: "malformed" });
    expect((await verify(verifier, { key: "x".repeat(200) })).body).toEqual({ ...NOTHING_KNOWN, code: "malformed" });
    const answered = await verify(verifier, { key: unknown });
    expect(answered).toMatchObject({ status: 200, body: { ...NOTHING_KNOWN, code: "unknown" } });
    expect(JSON.stringify(answered.body)).not.toContain(unknown);
  });

  it("names the key of a revoked, expired or suspended owner's key, and says which", async () => {
    const verifier = await verifierKey();
    const client = await createUser();
    const revoked = await apiKeyFor(client, ["payments:read"]);
    await revokeKey(actorOf(client), { keyId: revoked.key.id, accountId: client.id });
    const expired = await apiKeyFor(client, ["payments:read"]);
    const past = new Date(Date.now() - 60_000);
    await (await getDb()).update(apiKeys).set({ expiresAt: past }).where(eq(apiKeys.id, expired.key.id));
    const suspended = await createUser({ status: "suspended" });
    const ofSuspended = await apiKeyFor(suspended, ["payments:read"]);

    expect((await verify(verifier, { key: revoked.secret })).body).toMatchObject({
      valid: false,
      code: "revoked",
      keyId: revoked.key.id,
      accountId: client.id,
      ownerId: client.id,
      scopes: [],
    });
    expect((await verify(verifier, { key: expired.secret })).body).toMatchObject({
      valid: false,
      code: "expired",
      keyId: expired.key.id,
      expiresAt: past.toISOString(),
    });
    expect((await verify(verifier, { key: ofSuspended.secret })).body).toMatchObject({
      valid: false,
      code: "owner_suspended",
      keyId: ofSuspended.key.id,
    });
  });

  it("answers insufficient_scope when the key lacks a scope asked for, without using its quota", async () => {
    const verifier = await verifierKey();
    const client = await createUser();
    const presented = await apiKeyFor(client, ["payments:read"], { rateLimit: 5 });
    const { status, body } = await verify(verifier, { key: presented.secret, scopes: ["payments:read", "payments:write"] });
    expect(status).toBe(200);
    expect(body).toEqual({
      valid: false,
      code: "insufficient_scope",
      keyId: presented.key.id,
      accountId: client.id,
      ownerId: client.id,
      scopes: ["payments:read"],
      expiresAt: null,
      secretEndsAt: null,
      metadata: {},
      rateLimit: { limit: 5, remaining: 5, reset: expect.any(Number) },
      quota: null,
      eventId: expect.any(String),
    });
  });

  it("counts valid verifications against the verified key's rate limit", async () => {
    const verifier = await verifierKey();
    const presented = await apiKeyFor(await createUser(), ["payments:read"], { rateLimit: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await verify(verifier, { key: presented.secret })).body);
    expect(codes.map((c) => [c.code, c.valid, c.rateLimit.remaining])).toEqual([
      ["valid", true, 1],
      ["valid", true, 0],
      ["rate_limited", false, 0],
    ]);
  });
});

describe("POST /verify with the presenting address", () => {
  it("answers ip_not_allowed outside the key's allowlist and valid inside it", async () => {
    const platform = await createUser({ role: "admin" });
    const verifier = await apiKeyFor(platform, ["keys:verify"]);
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["keys:read"]);
    await callRoute(patchKey, {
      method: "PATCH",
      path: `/keys/${target.key.id}`,
      params: { id: target.key.id },
      key: secret,
      body: { ipAllowlist: ["203.0.113.0/24"] },
    });
    const ask = (ip?: string) =>
      callRoute(verifyRoute, {
        method: "POST",
        path: "/verify",
        key: verifier.secret,
        body: { key: target.secret, ...(ip && { ip }) },
      });
    expect((await ask("198.51.100.1")).body).toMatchObject({ valid: false, code: "ip_not_allowed", keyId: target.key.id });
    expect((await ask("::ffff:203.0.113.5")).body).toMatchObject({ valid: true, code: "valid" });
    // Not told where the key came from: a key with an allowlist is refused rather than let through unchecked.
    expect((await ask()).body).toMatchObject({ valid: false, code: "ip_not_allowed" });
    expect((await ask("nonsense")).status).toBe(400);
  });
});
