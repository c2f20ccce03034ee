import { describe, expect, it } from "vitest";
import { POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { GET as getKey } from "@/app/api/v1/keys/[id]/route";
import { verifyKey } from "@/lib/keys/verify";
import { issuedKeySchema } from "@/lib/api/response-schemas";
import { callRoute } from "../../../support/api";
import { createUser, apiKeyFor, ownerWithManagerKey, newKey } from "../../../support/factories";
import { auditEventsForKey } from "../../../support/inspect";

describe("POST /api/v1/keys", () => {
  it("creates a key for the caller's owner and shows its secret once, uncached", async () => {
    const { owner, manager, secret } = await ownerWithManagerKey();
    const { status, headers, body } = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: secret,
      body: newKey,
      headers: { "user-agent": "billing-cli/1.0" },
      ip: "198.51.100.4",
    });

    expect(status).toBe(201);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(issuedKeySchema.parse(body)).toEqual(body);
    expect(body.key).toMatchObject({
      name: "Billing worker",
      description: "",
      environment: "test",
      scopes: ["payments:read", "payments:write"],
      rateLimit: { limit: 120, window: "minute" },
      expiresAt: null,
      status: "active",
    });
    expect(headers.get("location")).toBe(`/api/v1/keys/${body.key.id}`);
    expect(body.secret).toMatch(/^lk_test_/);
    expect(body.secret.startsWith(body.key.start)).toBe(true);

    const verified = await verifyKey(body.secret);
    expect(verified.valid && verified.record.key).toMatchObject({ id: body.key.id, accountId: owner.id });
    // Read again, the key no longer carries its secret.
    const again = await callRoute(getKey, { path: `/keys/${body.key.id}`, params: { id: body.key.id }, key: secret });
    expect(JSON.stringify(again.body)).not.toContain(body.secret);

    const [event] = await auditEventsForKey(body.key.id);
    expect(event).toMatchObject({
      action: "key.create",
      actorUserId: null,
      actorKeyId: manager.key.id,
      accountId: owner.id,
      ip: "198.51.100.4",
      userAgent: "billing-cli/1.0",
    });
  });

  it("takes an expiry choice the way the dashboard does", async () => {
    const { secret } = await ownerWithManagerKey();
    const { status, body } = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: secret,
      body: { ...newKey, expiry: "date", expiresOn: "2099-01-31" },
    });
    // More than five years ahead is refused, like in the form.
    expect(status).toBe(400);
    expect(body.error.details).toEqual([{ path: "expiresOn", message: "The expiry date must be within 5 years." }]);

    const nextYear = new Date().getUTCFullYear() + 1;
    const ok = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: secret,
      body: { ...newKey, expiry: "date", expiresOn: `${nextYear}-06-30` },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.key.expiresAt).toBe(`${nextYear}-06-30T23:59:59.999Z`);
  });

  it("lets an admin's key grant an admin-only scope", async () => {
    const admin = await createUser({ role: "admin" });
    const { secret } = await apiKeyFor(admin, ["keys:write", "keys:verify"]);
    const { status, body } = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: secret,
      body: { ...newKey, scopes: ["keys:verify"] },
    });
    expect(status).toBe(201);
    expect(body.key.scopes).toEqual(["keys:verify"]);
  });
});
