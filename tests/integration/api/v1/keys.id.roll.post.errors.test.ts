import { describe, expect, it } from "vitest";
import { POST as rollKeyRoute } from "@/app/api/v1/keys/[id]/roll/route";
import { verifyKey } from "@/lib/keys/verify";
import { callRoute } from "../../../support/api";
import { apiKeyFor, ownerWithManagerKey } from "../../../support/factories";

describe("POST /api/v1/keys/{id}/roll", () => {
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
