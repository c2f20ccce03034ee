import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { keyFlagsFor } from "@/app/(dashboard)/keys/key-flags";
import { POST as verifyRoute } from "@/app/api/v1/verify/route";
import { getDb } from "@/db";
import { apiKeys, usageEvents } from "@/db/schema";
import { generateKey } from "@/lib/keys/format";
import { flushUsage } from "@/lib/usage/recorder";
import { callRoute } from "../../../support/api";
import { apiKeyFor, createUser, seasonKey } from "../../../support/factories";

// Verification that counts: the platform's own traffic, checked through /verify, is usage of the verified key.
async function verifierKey() {
  const admin = await createUser({ role: "admin" });
  return (await apiKeyFor(admin, ["keys:verify"])).secret;
}

const verify = (verifier: string, body: unknown) =>
  callRoute(verifyRoute, { method: "POST", path: "/verify", key: verifier, body });

async function eventsOf(keyId: string) {
  const db = await getDb();
  return db.select().from(usageEvents).where(eq(usageEvents.keyId, keyId)).orderBy(usageEvents.id);
}

describe("POST /api/v1/verify with the call being made", () => {
  it("records the call for the verified key: its route, outcome and refusal, its count and last use", async () => {
    const verifier = await verifierKey();
    const client = await createUser();
    const presented = await apiKeyFor(client, ["payments:read"], { rateLimit: 2 });
    const call = { method: "GET", path: "/v1/payments/3f0e6a58-9f3c-4d8e-9b1a-5a3e2d1c0b9a?expand=items", ip: "198.51.100.40" };

    const answers = [];
    answers.push((await verify(verifier, { key: presented.secret, scopes: ["payments:read"], ...call })).body.code);
    answers.push(
      (await verify(verifier, { key: presented.secret, scopes: ["payments:write"], method: "POST", path: "/v1/payments" })).body
        .code,
    );
    answers.push((await verify(verifier, { key: presented.secret, ...call })).body.code);
    answers.push((await verify(verifier, { key: presented.secret, ...call })).body.code);
    expect(answers).toEqual(["valid", "insufficient_scope", "valid", "rate_limited"]);
    // An unknown key has no owner to show it to: nothing is recorded for it.
    expect((await verify(verifier, { key: generateKey("lk", "live").secret, ...call })).body.code).toBe("unknown");

    await flushUsage();
    const events = await eventsOf(presented.key.id);
    expect(events.map((e) => [e.method, e.route, e.status, e.outcome, e.refused, e.ip])).toEqual([
      ["GET", "/v1/payments/:id", 200, "ok", false, "198.51.100.40"],
      ["POST", "/v1/payments", 403, "insufficient_scope", true, null],
      ["GET", "/v1/payments/:id", 200, "ok", false, "198.51.100.40"],
      ["GET", "/v1/payments/:id", 429, "rate_limited", true, "198.51.100.40"],
    ]);
    expect(events.every((e) => e.accountId === client.id)).toBe(true);
    const db = await getDb();
    const [counters] = await db.select().from(apiKeys).where(eq(apiKeys.id, presented.key.id));
    expect(counters.requestCount).toBe(2);
    expect(counters.lastUsedAt).not.toBeNull();
  });

  it("records a call without a method and path under the route it was verified for", async () => {
    const verifier = await verifierKey();
    const presented = await apiKeyFor(await createUser(), ["payments:read"]);
    expect((await verify(verifier, { key: presented.secret })).body.code).toBe("valid");
    await flushUsage();
    expect((await eventsOf(presented.key.id)).map((e) => [e.method, e.route, e.outcome])).toEqual([["VERIFY", "/", "ok"]]);
  });

  it("refuses a call that is not one: 400 naming the field", async () => {
    const verifier = await verifierKey();
    const presented = await apiKeyFor(await createUser(), ["payments:read"]);
    for (const [field, call] of [
      ["method", { method: "FETCH", path: "/v1/x" }],
      ["path", { method: "GET", path: "v1/x" }],
      ["path", { method: "GET", path: `/${"a".repeat(600)}` }],
      ["path", { method: "GET", path: "/v1/\u0000" }],
    ] as const) {
      const { status, body } = await verify(verifier, { key: presented.secret, ...call });
      expect({ field, status, code: body.error.code, path: body.error.details?.[0]?.path }).toEqual({
        field,
        status: 400,
        code: "validation_failed",
        path: field,
      });
    }
  });
});

describe("a key whose scopes the platform's verified calls needed", () => {
  it("is not flagged as broader than used; a scope none of its calls needed still is", async () => {
    const verifier = await verifierKey();
    const client = await createUser();
    const presented = await apiKeyFor(client, ["payments:read", "payments:write"]);
    await seasonKey(presented.key);
    for (let i = 0; i < 3; i++) {
      const { body } = await verify(verifier, {
        key: presented.secret,
        scopes: ["payments:read"],
        method: "GET",
        path: "/v1/payments",
      });
      expect(body.code).toBe("valid");
    }
    // Refused calls need nothing: a verification for a scope the key lacks does not make it "used".
    expect((await verify(verifier, { key: presented.secret, scopes: ["sms:send"] })).body.code).toBe("insufficient_scope");
    await flushUsage();
    const flagsOf = await keyFlagsFor(client.id, [presented.key.id]);
    expect(flagsOf(presented.key).broadScopes).toEqual({ unneeded: ["payments:write"], used: ["payments:read"] });
  });

  it("is not judged while it is new: a key created today is not flagged for the scopes it has not needed yet", async () => {
    const verifier = await verifierKey();
    const client = await createUser();
    const presented = await apiKeyFor(client, ["payments:read", "payments:write"]);
    for (let i = 0; i < 120; i++) {
      await verify(verifier, { key: presented.secret, scopes: ["payments:read"], method: "GET", path: "/v1/payments" });
    }
    await flushUsage();
    expect((await keyFlagsFor(client.id, [presented.key.id]))(presented.key).broadScopes).toBeNull();
  });
});
