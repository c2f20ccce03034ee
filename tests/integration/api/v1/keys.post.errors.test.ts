import { describe, expect, it } from "vitest";
import { GET as listKeys, POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { callRoute } from "../../../support/api";
import { ownerWithManagerKey } from "../../../support/factories";

const newKey = {
  name: "  Billing worker ",
  scopes: ["payments:write", "payments:read", "payments:read"],
  environment: "test",
  rateLimit: 120,
  rateLimitWindow: "minute",
};

describe("POST /api/v1/keys", () => {
  it("never grants more than the owner may: a client's key cannot create a key with keys:verify", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const { status, body } = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: secret,
      body: { ...newKey, scopes: ["keys:verify", "keys:read"] },
    });
    expect(status).toBe(400);
    expect(body.error).toEqual({
      code: "validation_failed",
      message: "Check the highlighted fields.",
      details: [{ path: "scopes", message: 'The scope "keys:verify" cannot be granted.' }],
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
