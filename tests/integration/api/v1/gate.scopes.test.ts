import { describe, expect, it } from "vitest";
import { GET as listKeys, POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { DELETE as revokeKeyRoute, GET as getKey, PATCH as patchKey } from "@/app/api/v1/keys/[id]/route";
import { POST as rollKeyRoute } from "@/app/api/v1/keys/[id]/roll/route";
import { GET as keyUsage } from "@/app/api/v1/keys/[id]/usage/route";
import { POST as verifyRoute } from "@/app/api/v1/verify/route";
import { withApiKey } from "@/lib/api/gate/with-api-key";
import { jsonResponse } from "@/lib/http/envelope";
import { type ApiAnswer, callRoute } from "../../../support/api";
import { apiKeyFor, createUser, ownerWithKey } from "../../../support/factories";
import { rowCountsFor } from "../../../support/inspect";

describe("scopes", () => {
  const needsUsage = withApiKey(async () => jsonResponse({ ok: true }), { scopes: ["usage:read"] });

  it("answers 403 insufficient_scope naming the missing scope", async () => {
    const { secret } = await ownerWithKey({ scopes: ["keys:read"] });
    const refused = await callRoute(needsUsage, { path: "/me", key: secret });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("insufficient_scope");
    expect(refused.body.error.message).toContain("usage:read");
    // Authenticated, so the quota is reported, and none of it was used.
    expect(refused.headers.get("ratelimit")).toMatch(/^"key";r=600;t=\d+$/);
    const { secret: allowed } = await ownerWithKey({ scopes: ["usage:read"] });
    expect((await callRoute(needsUsage, { path: "/me", key: allowed })).status).toBe(200);
  });

  it("each route refuses a key without its scope (403 insufficient_scope), before reading anything", async () => {
    const owner = await createUser();
    const target = await apiKeyFor(owner, ["payments:read"]);
    const id = target.key.id;
    const cases: [string, string, () => Promise<ApiAnswer>][] = [];
    const withOnly = async (scopes: string[]) => (await apiKeyFor(owner, scopes)).secret;

    const noRead = await withOnly(["keys:write", "usage:read"]);
    cases.push(["GET /keys", "keys:read", () => callRoute(listKeys, { path: "/keys", key: noRead })]);
    cases.push(["GET /keys/{id}", "keys:read", () => callRoute(getKey, { path: `/keys/${id}`, params: { id }, key: noRead })]);

    const noWrite = await withOnly(["keys:read", "usage:read"]);
    cases.push([
      "POST /keys",
      "keys:write",
      () => callRoute(createKeyRoute, { method: "POST", path: "/keys", key: noWrite, body: { name: "x" } }),
    ]);
    cases.push([
      "PATCH /keys/{id}",
      "keys:write",
      () =>
        callRoute(patchKey, { method: "PATCH", path: `/keys/${id}`, params: { id }, key: noWrite, body: { name: "Taken over" } }),
    ]);
    cases.push([
      "POST /keys/{id}/roll",
      "keys:write",
      () => callRoute(rollKeyRoute, { method: "POST", path: `/keys/${id}/roll`, params: { id }, key: noWrite, body: {} }),
    ]);
    cases.push([
      "DELETE /keys/{id}",
      "keys:write",
      () => callRoute(revokeKeyRoute, { method: "DELETE", path: `/keys/${id}`, params: { id }, key: noWrite }),
    ]);

    const noUsage = await withOnly(["keys:read", "keys:write"]);
    cases.push([
      "GET /keys/{id}/usage",
      "usage:read",
      () => callRoute(keyUsage, { path: `/keys/${id}/usage`, params: { id }, key: noUsage }),
    ]);
    cases.push([
      "POST /verify",
      "keys:verify",
      () => callRoute(verifyRoute, { method: "POST", path: "/verify", key: noUsage, body: { key: target.secret } }),
    ]);

    const before = await rowCountsFor({ accountId: owner.id, keyId: id });
    for (const [route, scope, call] of cases) {
      const { status, body } = await call();
      expect({ route, status, body }).toEqual({
        route,
        status: 403,
        body: { error: { code: "insufficient_scope", message: `This key lacks the "${scope}" scope.` } },
      });
    }
    expect(await rowCountsFor({ accountId: owner.id, keyId: id })).toEqual(before);
  });
});
