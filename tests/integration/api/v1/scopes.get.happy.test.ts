import { describe, expect, it } from "vitest";
import { GET as listScopesRoute } from "@/app/api/v1/scopes/route";
import { scopeListSchema } from "@/lib/api/response-schemas";
import { callRoute } from "../../../support/api";
import { apiKeyFor, createUser } from "../../../support/factories";

describe("GET /api/v1/scopes", () => {
  it("answers the catalogue to any valid key", async () => {
    const owner = await createUser();
    const { secret } = await apiKeyFor(owner, ["payments:read"]);
    const { status, body } = await callRoute(listScopesRoute, { path: "/scopes", key: secret });
    expect(status).toBe(200);
    expect(scopeListSchema.parse(body)).toEqual(body);
    expect(body.data).toEqual(
      expect.arrayContaining([
        { name: "keys:read", description: "List and read your API keys", adminOnly: false, deprecated: false },
        { name: "keys:verify", description: expect.any(String), adminOnly: true, deprecated: false },
      ]),
    );
  });
});
