import { describe, expect, it } from "vitest";
import { PATCH as patchKey } from "@/app/api/v1/keys/[id]/route";
import { GET as me } from "@/app/api/v1/me/route";
import { findKeyForAccount } from "@/db/queries/keys";
import { revokeKey } from "@/lib/keys/lifecycle";
import { callRoute } from "../../../support/api";
import { actorOf, apiKeyFor, ownerWithManagerKey } from "../../../support/factories";

describe("PATCH /api/v1/keys/{id}", () => {
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
    expect((await findKeyForAccount({ keyId: target.key.id, accountId: owner.id }))?.rateLimitWindow).toBe("hour");
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

    await revokeKey(actorOf(owner), { keyId: target.key.id, accountId: owner.id });
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

describe("the IP allowlist through the API", () => {
  it("refuses entries that are not addresses, and changes nothing", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["keys:read"]);
    const refused = await callRoute(patchKey, {
      method: "PATCH",
      path: `/keys/${target.key.id}`,
      params: { id: target.key.id },
      key: secret,
      body: { ipAllowlist: ["10.0.0.0/8", "not-an-ip"] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("validation_failed");
    expect((await callRoute(me, { path: "/me", key: target.secret, ip: "198.51.100.1" })).status).toBe(200);
  });
});

describe("PATCH /api/v1/keys/{id} with a NUL character in a text field", () => {
  it("is refused with 400 naming the field, and the key is unchanged", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["payments:read"]);
    const { status, body } = await callRoute(patchKey, {
      method: "PATCH",
      path: `/keys/${target.key.id}`,
      params: { id: target.key.id },
      key: secret,
      body: { description: "\u0000" },
    });
    expect(status).toBe(400);
    expect(body.error.details).toEqual([{ path: "description", message: "Must not contain a NUL character." }]);
    expect((await findKeyForAccount({ keyId: target.key.id, accountId: owner.id }))?.description).toBe(target.key.description);
  });
});
