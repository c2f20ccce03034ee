import { describe, expect, it } from "vitest";
import { GET as listKeys, POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { listKeysForAccount } from "@/db/queries/keys";
import { callRoute } from "../../../support/api";
import { ownerWithManagerKey, newKey } from "../../../support/factories";

describe("POST /api/v1/keys", () => {
  it("never grants more than the owner may: a client's key cannot create a key with keys:verify", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const { status, body } = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: secret,
      body: { ...newKey, scopes: ["keys:verify", "keys:read"] },
    });
    expect(status).toBe(403);
    expect(body.error).toEqual({
      code: "forbidden",
      message: "Only an admin can grant that scope.",
      details: [{ path: "scopes", message: 'The scope "keys:verify" can only be granted by an admin.' }],
    });
    const listed = await callRoute(listKeys, { path: "/keys", key: secret });
    expect(listed.body.data).toHaveLength(1);
    expect(owner.role).toBe("client");
  });

  it("refuses a scope that does not exist", async () => {
    const { secret } = await ownerWithManagerKey();
    const { status, body } = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: secret,
      body: { ...newKey, scopes: ["made:up"] },
    });
    expect(status).toBe(400);
    expect(body.error.details).toEqual([{ path: "scopes", message: 'The scope "made:up" cannot be granted.' }]);
  });
});

describe("POST /api/v1/keys with a NUL character in a text field", () => {
  // Postgres refuses a NUL in text; the API refuses it first, naming the field, and writes nothing.
  it("is refused with 400 validation_failed naming the field, and no key is made", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const keysBefore = (await listKeysForAccount(owner.id)).length;
    for (const [field, value] of [
      ["name", "Billing\u0000worker"],
      ["description", "Takes\u0000payments"],
    ] as const) {
      const { status, body } = await callRoute(createKeyRoute, {
        method: "POST",
        path: "/keys",
        key: secret,
        body: {
          name: "Billing worker",
          scopes: ["payments:read"],
          environment: "test",
          rateLimit: 60,
          rateLimitWindow: "minute",
          [field]: value,
        },
      });
      expect({ field, status, code: body.error.code }).toEqual({ field, status: 400, code: "validation_failed" });
      expect(body.error.details).toEqual([{ path: field, message: "Must not contain a NUL character." }]);
    }
    expect(await listKeysForAccount(owner.id)).toHaveLength(keysBefore);
  });
});
