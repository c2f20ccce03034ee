import { describe, expect, it } from "vitest";
import { GET as getKey } from "@/app/api/v1/keys/[id]/route";
import { apiKeySchema } from "@/lib/api/response-schemas";
import { callRoute } from "../../../support/api";
import { apiKeyFor, ownerWithManagerKey } from "../../../support/factories";

describe("GET /api/v1/keys/{id}", () => {
  it("answers one of the owner's keys", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["usage:read"]);
    const { status, headers, body } = await callRoute(getKey, {
      path: `/keys/${target.key.id}`,
      params: { id: target.key.id },
      key: secret,
    });
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(apiKeySchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({ id: target.key.id, scopes: ["usage:read"], requestCount: 0, lastUsedAt: null });
  });
});
