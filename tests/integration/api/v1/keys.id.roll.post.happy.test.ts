import { describe, expect, it } from "vitest";
import { GET as getKey } from "@/app/api/v1/keys/[id]/route";
import { POST as rollKeyRoute } from "@/app/api/v1/keys/[id]/roll/route";
import { verifyKey } from "@/lib/keys/verify";
import { issuedKeySchema } from "@/lib/api/response-schemas";
import { callRoute } from "../../../support/api";
import { apiKeyFor, ownerWithManagerKey } from "../../../support/factories";

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
});
