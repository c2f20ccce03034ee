import { describe, expect, it } from "vitest";
import { DELETE as revokeKeyRoute } from "@/app/api/v1/keys/[id]/route";
import { apiKeySchema } from "@/lib/api/response-schemas";
import { verifyKey } from "@/lib/keys/verify";
import { callRoute } from "../../../support/api";
import { apiKeyFor, ownerWithManagerKey } from "../../../support/factories";

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
