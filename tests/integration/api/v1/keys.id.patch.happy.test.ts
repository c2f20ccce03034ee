import { describe, expect, it } from "vitest";
import { PATCH } from "@/app/api/v1/keys/[id]/route";
import { POST as verify } from "@/app/api/v1/verify/route";
import { GET as me } from "@/app/api/v1/me/route";
import { listAuditEventsForKey } from "@/db/queries/audit";
import { callRoute } from "../../../support/api";
import { createUser, apiKeyFor, ownerWithManagerKey } from "../../../support/factories";

describe("the IP allowlist through the API", () => {
  it("is set by PATCH in canonical form, audited, shown on the key, and enforced", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["keys:read"]);
    const patched = await callRoute(PATCH, {
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

  it("refuses entries that are not addresses, and changes nothing", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["keys:read"]);
    const refused = await callRoute(PATCH, {
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

describe("POST /verify with the presenting address", () => {
  it("answers ip_not_allowed outside the key's allowlist and valid inside it", async () => {
    const platform = await createUser({ role: "admin" });
    const verifier = await apiKeyFor(platform, ["keys:verify"]);
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["keys:read"]);
    await callRoute(PATCH, {
      method: "PATCH",
      path: `/keys/${target.key.id}`,
      params: { id: target.key.id },
      key: secret,
      body: { ipAllowlist: ["203.0.113.0/24"] },
    });
    const ask = (ip?: string) =>
      callRoute(verify, {
        method: "POST",
        path: "/verify",
        key: verifier.secret,
        body: { key: target.secret, ...(ip && { ip }) },
      });
    expect((await ask("198.51.100.1")).body).toMatchObject({ valid: false, code: "ip_not_allowed", keyId: target.key.id });
    expect((await ask("::ffff:203.0.113.5")).body).toMatchObject({ valid: true, code: "valid" });
    expect((await ask()).body).toMatchObject({ valid: true, code: "valid" });
    expect((await ask("nonsense")).status).toBe(400);
  });
});

describe("concurrent PATCHes", () => {
  it("of different fields both land, because each is merged inside the row lock", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["keys:read"]);
    const patch = (body: Record<string, unknown>) =>
      callRoute(PATCH, { method: "PATCH", path: `/keys/${target.key.id}`, params: { id: target.key.id }, key: secret, body });
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
