import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { meSchema } from "@/lib/api/response-schemas";
import { callRoute } from "../../../support/api";
import { ownerWithKey } from "../../../support/factories";

describe("GET /api/v1/me", () => {
  it("describes the calling key: id, name, environment, account, scopes, expiry and remaining quota, uncached", async () => {
    const { owner, key, secret } = await ownerWithKey({
      name: "Reporting job",
      environment: "test",
      scopes: ["usage:read", "payments:read"],
      rateLimit: 50,
      rateLimitWindow: "hour",
      expiry: "30",
    });
    const { status, headers, body } = await callRoute(me, { path: "/me", key: secret });
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(meSchema.parse(body)).toEqual(body);
    expect(body).toEqual({
      id: key.id,
      name: "Reporting job",
      environment: "test",
      account: { id: owner.id, name: owner.name },
      owner: { id: owner.id },
      scopes: ["payments:read", "usage:read"],
      expiresAt: key.expiresAt!.toISOString(),
      rateLimit: { limit: 50, window: "hour", remaining: 49, reset: expect.any(Number) },
      quota: null,
    });
    // Nothing of the secret past its visible start (lk_test_ and four characters).
    expect(JSON.stringify(body)).not.toContain(secret.slice(12));
  });
});
