import { describe, expect, it } from "vitest";
import { POST as rollKeyRoute } from "@/app/api/v1/keys/[id]/roll/route";
import { DELETE as revokeKeyRoute, PATCH as patchKeyRoute } from "@/app/api/v1/keys/[id]/route";
import { POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { findKeyForAccount, listKeysForAccount } from "@/db/queries/keys";
import { verifyKey } from "@/lib/keys/verify";
import { callRoute } from "../../../support/api";
import { adminActorOf, apiKeyFor, createKeyInput, createUser } from "../../../support/factories";
import { createKey } from "@/lib/keys/lifecycle";
import { deniedAttempts } from "../../../support/inspect";

// A key acting through the API grants at most the scopes it holds: a leaked key that manages keys must not become a
// key to everything its owner could grant. Each refusal is 403 and leaves a ".denied" row naming the scopes.
async function ciKey() {
  const owner = await createUser();
  const ci = await apiKeyFor(owner, ["keys:read", "keys:write", "payments:read"]);
  return { owner, ci };
}

const refusal = (scopes: string[]) => ({
  code: "forbidden",
  message: "A key can only grant the scopes it holds itself.",
  details: scopes.map((scope) => ({ path: "scopes", message: `This key does not hold "${scope}".` })),
});

describe("a key that manages keys, holding keys:read, keys:write and payments:read", () => {
  it("cannot create a key with a scope it does not hold", async () => {
    const { owner, ci } = await ciKey();
    const { status, body } = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: ci.secret,
      body: {
        name: "Stronger",
        scopes: ["payments:read", "payments:write"],
        environment: "live",
        rateLimit: 60,
        rateLimitWindow: "minute",
      },
    });
    expect(status).toBe(403);
    expect(body.error).toEqual(refusal(["payments:write"]));
    expect(await listKeysForAccount(owner.id)).toHaveLength(1);
    const [denied] = await deniedAttempts(owner.id);
    expect(denied).toMatchObject({ action: "key.create.denied", actorKeyId: ci.key.id, accountId: owner.id, keyId: null });
    expect(denied.changes).toEqual({ reason: { to: "scope_not_held" }, scopes: { to: ["payments:write"] } });
  });

  it("can create a key with some of its own scopes, keys:write included", async () => {
    const { ci } = await ciKey();
    const { status, body } = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: ci.secret,
      body: {
        name: "Narrower",
        scopes: ["payments:read", "keys:write"],
        environment: "live",
        rateLimit: 60,
        rateLimitWindow: "minute",
      },
    });
    expect(status).toBe(201);
    expect(body.key.scopes).toEqual(["keys:write", "payments:read"]);
  });

  it("cannot PATCH a key to a scope it does not hold", async () => {
    const { owner, ci } = await ciKey();
    const target = await apiKeyFor(owner, ["payments:read"]);
    const { status, body } = await callRoute(patchKeyRoute, {
      method: "PATCH",
      path: `/keys/${target.key.id}`,
      params: { id: target.key.id },
      key: ci.secret,
      body: { scopes: ["payments:read", "payments:write", "usage:read"] },
    });
    expect(status).toBe(403);
    expect(body.error).toEqual(refusal(["payments:write", "usage:read"]));
    expect((await findKeyForAccount({ keyId: target.key.id, accountId: owner.id }))?.scopes).toEqual(["payments:read"]);
    const [denied] = await deniedAttempts(owner.id);
    expect(denied).toMatchObject({ action: "key.update.denied", actorKeyId: ci.key.id, keyId: target.key.id });
  });

  it("cannot change or roll a key stronger than itself: rolling would hand it that key's new secret", async () => {
    const { owner, ci } = await ciKey();
    const stronger = await apiKeyFor(owner, ["payments:write"]);
    const patched = await callRoute(patchKeyRoute, {
      method: "PATCH",
      path: `/keys/${stronger.key.id}`,
      params: { id: stronger.key.id },
      key: ci.secret,
      body: { name: "Renamed" },
    });
    expect(patched.status).toBe(403);
    expect(patched.body.error).toEqual(refusal(["payments:write"]));

    const rolled = await callRoute(rollKeyRoute, {
      method: "POST",
      path: `/keys/${stronger.key.id}/roll`,
      params: { id: stronger.key.id },
      key: ci.secret,
    });
    expect(rolled.status).toBe(403);
    expect(rolled.body.error).toEqual(refusal(["payments:write"]));
    expect(rolled.body.secret).toBeUndefined();
    expect((await verifyKey(stronger.secret)).valid).toBe(true);
    expect((await findKeyForAccount({ keyId: stronger.key.id, accountId: owner.id }))?.name).toBe(stronger.key.name);
    expect((await deniedAttempts(owner.id)).map((row) => row.action)).toEqual(["key.update.denied", "key.roll.denied"]);
  });

  it("can still roll a key no stronger than itself", async () => {
    const { owner, ci } = await ciKey();
    const weaker = await apiKeyFor(owner, ["payments:read"]);
    const rolled = await callRoute(rollKeyRoute, {
      method: "POST",
      path: `/keys/${weaker.key.id}/roll`,
      params: { id: weaker.key.id },
      key: ci.secret,
    });
    expect(rolled.status).toBe(200);
    expect(rolled.body.secret).toEqual(expect.any(String));
  });
});

describe("a key without keys:write trying to manage keys", () => {
  it("is refused 403 insufficient_scope, and the attempt is in its owner's trail (once a minute per key and action)", async () => {
    const owner = await createUser();
    const reader = await apiKeyFor(owner, ["keys:read"]);
    for (let i = 0; i < 3; i++) {
      const { status, body } = await callRoute(createKeyRoute, {
        method: "POST",
        path: "/keys",
        key: reader.secret,
        body: { name: "Attempt", scopes: ["keys:read"], environment: "live", rateLimit: 60, rateLimitWindow: "minute" },
      });
      expect({ status, code: body.error.code }).toEqual({ status: 403, code: "insufficient_scope" });
    }
    const revoked = await callRoute(revokeKeyRoute, {
      method: "DELETE",
      path: `/keys/${reader.key.id}`,
      params: { id: reader.key.id },
      key: reader.secret,
    });
    expect(revoked.status).toBe(403);
    const denied = await deniedAttempts(owner.id);
    expect(denied.map((row) => [row.action, row.actorKeyId, row.changes])).toEqual([
      ["key.create.denied", reader.key.id, { reason: { to: "insufficient_scope" }, requiredScope: { to: "keys:write" } }],
      ["key.revoke.denied", reader.key.id, { reason: { to: "insufficient_scope" }, requiredScope: { to: "keys:write" } }],
    ]);
  });
});

describe("a key that expires, managing keys", () => {
  it("cannot make or change a key that outlives it, nor roll one: a short-lived key leaves nothing longer behind", async () => {
    const owner = await createUser();
    const contractor = await apiKeyFor(owner, ["keys:read", "keys:write", "payments:read"], { expiry: "7" });
    const permanent = await apiKeyFor(owner, ["payments:read"]);
    const body = { name: "Lasting", scopes: ["payments:read"], environment: "live", rateLimit: 60, rateLimitWindow: "minute" };

    const forever = await callRoute(createKeyRoute, { method: "POST", path: "/keys", key: contractor.secret, body });
    expect({ status: forever.status, code: forever.body.error.code }).toEqual({ status: 403, code: "forbidden" });
    expect(forever.body.error.details).toEqual([{ path: "expiresAt", message: expect.stringContaining("no later than") }]);
    const longer = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: contractor.secret,
      body: { ...body, expiry: "30" },
    });
    expect(longer.status).toBe(403);
    const shorter = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: contractor.secret,
      // The end of tomorrow (UTC): well within the contractor's 7 days.
      body: { ...body, expiry: "date", expiresOn: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) },
    });
    expect(shorter.status).toBe(201);

    // Nor drop its own expiry, nor roll a key that never expires.
    const self = await callRoute(patchKeyRoute, {
      method: "PATCH",
      path: `/keys/${contractor.key.id}`,
      params: { id: contractor.key.id },
      key: contractor.secret,
      body: { expiry: "never" },
    });
    expect(self.status).toBe(403);
    const rolled = await callRoute(rollKeyRoute, {
      method: "POST",
      path: `/keys/${permanent.key.id}/roll`,
      params: { id: permanent.key.id },
      key: contractor.secret,
    });
    expect(rolled.status).toBe(403);
    expect((await findKeyForAccount({ keyId: contractor.key.id, accountId: owner.id }))?.expiresAt).toEqual(
      contractor.key.expiresAt,
    );
    const denied = await deniedAttempts(owner.id);
    expect(denied.map((row) => [row.action, row.changes?.reason])).toEqual([
      ["key.create.denied", { to: "outlives_acting_key" }],
      ["key.create.denied", { to: "outlives_acting_key" }],
      ["key.update.denied", { to: "outlives_acting_key" }],
      ["key.roll.denied", { to: "outlives_acting_key" }],
    ]);
  });
});

describe("a key a platform admin made for a client, holding keys:verify and keys:write", () => {
  it("acts as the client's account, not as the admin: it cannot pass keys:verify on, though it holds it", async () => {
    const admin = await createUser({ role: "admin" });
    const client = await createUser();
    const made = await createKey(adminActorOf(admin), client.id, createKeyInput({ scopes: ["keys:verify", "keys:write"] }));
    const { status, body } = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: made.secret,
      body: { name: "Verifier", scopes: ["keys:verify"], environment: "live", rateLimit: 60, rateLimitWindow: "minute" },
    });
    expect({ status, code: body.error?.code }).toEqual({ status: 403, code: "forbidden" });
    expect(await listKeysForAccount(client.id)).toHaveLength(1);

    // The same key in the admin's own (personal) account is the platform's: it may.
    const own = await createKey(adminActorOf(admin), admin.id, createKeyInput({ scopes: ["keys:verify", "keys:write"] }));
    const allowed = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: own.secret,
      body: { name: "Verifier", scopes: ["keys:verify"], environment: "live", rateLimit: 60, rateLimitWindow: "minute" },
    });
    expect(allowed.status).toBe(201);
  });
});
