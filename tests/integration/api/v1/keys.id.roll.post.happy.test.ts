import { describe, expect, it } from "vitest";
import { DELETE as revokeKeyRoute, GET as getKey, PATCH as patchKey } from "@/app/api/v1/keys/[id]/route";
import { POST as rollKeyRoute } from "@/app/api/v1/keys/[id]/roll/route";
import { findKeyForOwner } from "@/db/queries/keys";
import { verifyKey } from "@/lib/keys/verify";
import { apiKeySchema, issuedKeySchema } from "@/lib/api/response-schemas";
import { revokeKey } from "@/lib/keys/lifecycle";
import { callRoute } from "../../../support/api";
import { actorOf, apiKeyFor, ownerWithManagerKey } from "../../../support/factories";
import { auditEventsForKey } from "../../../support/inspect";

describe("PATCH /api/v1/keys/{id}", () => {
  it("changes the fields sent and keeps the others, audited as the calling key", async () => {
    const { owner, manager, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["payments:read"], { description: "Old description", expiry: "30" });
    const before = await findKeyForOwner({ keyId: target.key.id, ownerId: owner.id });

    const { status, body } = await callRoute(patchKey, {
      method: "PATCH",
      path: `/keys/${target.key.id}`,
      params: { id: target.key.id },
      key: secret,
      body: { name: "Renamed", rateLimit: 900 },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: "Renamed",
      description: "Old description",
      scopes: ["payments:read"],
      rateLimit: { limit: 900, window: "minute" },
      expiresAt: before!.expiresAt!.toISOString(),
    });
    const events = await auditEventsForKey(target.key.id);
    expect(events.at(-1)).toMatchObject({
      action: "key.update",
      actorKeyId: manager.key.id,
      changes: { name: { from: expect.any(String), to: "Renamed" }, rateLimit: { from: "600/minute", to: "900/minute" } },
    });
    // The secret still works: an edit never touches it.
    expect((await verifyKey(target.secret)).valid).toBe(true);
  });

  it("checks the merged settings: a new window is held to the limit the key keeps", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["payments:read"], { rateLimit: 50_000, rateLimitWindow: "hour" });
    const { status, body } = await callRoute(patchKey, {
      method: "PATCH",
      path: `/keys/${target.key.id}`,
      params: { id: target.key.id },
      key: secret,
      body: { rateLimitWindow: "minute" },
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details).toEqual([
      { path: "rateLimit", message: "Rate limit must be between 1 and 10,000 requests per minute." },
    ]);
    expect((await findKeyForOwner({ keyId: target.key.id, ownerId: owner.id }))?.rateLimitWindow).toBe("hour");
  });

  it("removes the expiry with expiry: never, and refuses to change a revoked key (409)", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["payments:read"], { expiry: "7" });
    const cleared = await callRoute(patchKey, {
      method: "PATCH",
      path: `/keys/${target.key.id}`,
      params: { id: target.key.id },
      key: secret,
      body: { expiry: "never" },
    });
    expect(cleared.body).toMatchObject({ expiresAt: null, status: "active" });

    await revokeKey(actorOf(owner), { keyId: target.key.id, ownerId: owner.id });
    const refused = await callRoute(patchKey, {
      method: "PATCH",
      path: `/keys/${target.key.id}`,
      params: { id: target.key.id },
      key: secret,
      body: { name: "Too late" },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("conflict");
  });
});

describe("POST /api/v1/keys/{id}/roll", () => {
  it("gives the key a new secret, shown once; the old one stops now by default", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["payments:read"]);
    // No body at all: every field of the roll has a default.
    const { status, headers, body } = await callRoute(rollKeyRoute, {
      method: "POST",
      path: `/keys/${target.key.id}/roll`,
      params: { id: target.key.id },
      key: secret,
    });
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(issuedKeySchema.parse(body)).toEqual(body);
    expect(body.key.id).toBe(target.key.id);
    expect(body.secret).not.toBe(target.secret);
    expect(body.key.start).not.toBe(target.key.start);
    expect((await verifyKey(body.secret)).valid).toBe(true);
    expect((await verifyKey(target.secret)).valid).toBe(false);

    const read = await callRoute(getKey, { path: `/keys/${target.key.id}`, params: { id: target.key.id }, key: secret });
    expect(JSON.stringify(read.body)).not.toContain(body.secret);
  });

  it("keeps the old secret working through the grace period asked for", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["payments:read"]);
    const { status, body } = await callRoute(rollKeyRoute, {
      method: "POST",
      path: `/keys/${target.key.id}/roll`,
      params: { id: target.key.id },
      key: secret,
      body: { grace: "1h" },
    });
    expect(status).toBe(200);
    expect((await verifyKey(body.secret)).valid).toBe(true);
    expect((await verifyKey(target.secret)).valid).toBe(true);
  });

  it("refuses a grace period that is not offered", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["payments:read"]);
    const { status, body } = await callRoute(rollKeyRoute, {
      method: "POST",
      path: `/keys/${target.key.id}/roll`,
      params: { id: target.key.id },
      key: secret,
      body: { grace: "30d" },
    });
    expect(status).toBe(400);
    expect(body.error.details).toEqual([{ path: "grace", message: "Choose a grace period." }]);
    expect((await verifyKey(target.secret)).valid).toBe(true);
  });
});

describe("DELETE /api/v1/keys/{id}", () => {
  it("revokes the key and answers it; every secret stops", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["payments:read"]);
    const { status, body } = await callRoute(revokeKeyRoute, {
      method: "DELETE",
      path: `/keys/${target.key.id}`,
      params: { id: target.key.id },
      key: secret,
    });
    expect(status).toBe(200);
    expect(apiKeySchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({ id: target.key.id, status: "revoked", revokedAt: expect.any(String) });
    expect(await verifyKey(target.secret)).toMatchObject({ valid: false, reason: "revoked" });

    // Revoking again changes nothing and still answers the key.
    const again = await callRoute(revokeKeyRoute, {
      method: "DELETE",
      path: `/keys/${target.key.id}`,
      params: { id: target.key.id },
      key: secret,
    });
    expect(again).toMatchObject({ status: 200, body: { revokedAt: body.revokedAt } });
  });
});
