import { describe, expect, it } from "vitest";
import { PATCH as patchKey } from "@/app/api/v1/keys/[id]/route";
import { GET as me } from "@/app/api/v1/me/route";
import { listAuditEventsForKey } from "@/db/queries/audit";
import { findKeyForAccount } from "@/db/queries/keys";
import { verifyKey } from "@/lib/keys/verify";
import { callRoute } from "../../../support/api";
import { apiKeyFor, ownerWithManagerKey } from "../../../support/factories";
import { auditEventsForKey } from "../../../support/inspect";

describe("PATCH /api/v1/keys/{id}", () => {
  it("changes the fields sent and keeps the others, audited as the calling key", async () => {
    const { owner, manager, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["payments:read"], { description: "Old description", expiry: "30" });
    const before = await findKeyForAccount({ keyId: target.key.id, accountId: owner.id });

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
});

describe("the IP allowlist through the API", () => {
  it("is set by PATCH in canonical form, audited, shown on the key, and enforced", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["keys:read"]);
    const patched = await callRoute(patchKey, {
      method: "PATCH",
      path: `/keys/${target.key.id}`,
      params: { id: target.key.id },
      key: secret,
      body: { ipAllowlist: ["203.0.113.9/24", "2001:db8::1"] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.ipAllowlist).toEqual(["203.0.113.0/24", "2001:db8::1/128"]);
    // Nothing else changed.
    expect(patched.body).toMatchObject({ name: target.key.name, scopes: target.key.scopes });
    const [audit] = await listAuditEventsForKey(target.key.id, owner.id);
    expect(audit.changes).toEqual({ ipAllowlist: { from: [], to: ["203.0.113.0/24", "2001:db8::1/128"] } });

    expect((await callRoute(me, { path: "/me", key: target.secret, ip: "203.0.113.200" })).status).toBe(200);
    expect((await callRoute(me, { path: "/me", key: target.secret, ip: "198.51.100.1" })).status).toBe(403);
  });
});

describe("concurrent PATCHes", () => {
  it("of different fields both land, because each is merged inside the row lock", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["keys:read"]);
    const patch = (body: Record<string, unknown>) =>
      callRoute(patchKey, { method: "PATCH", path: `/keys/${target.key.id}`, params: { id: target.key.id }, key: secret, body });
    const results = await Promise.all([
      patch({ name: "Renamed" }),
      patch({ description: "New description" }),
      patch({ rateLimit: 42 }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const final = await patch({});
    expect(final.body).toMatchObject({ name: "Renamed", description: "New description", rateLimit: { limit: 42 } });
  });
});
