import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { PATCH as patchKeyRoute } from "@/app/api/v1/keys/[id]/route";
import { POST as rollKeyRoute } from "@/app/api/v1/keys/[id]/roll/route";
import { POST as verifyRoute } from "@/app/api/v1/verify/route";
import { GET as meRoute } from "@/app/api/v1/me/route";
import { type ApiCall, callRoute, type RouteHandler } from "../../../support/api";
import { createUser, apiKeyFor, ownerWithManagerKey } from "../../../support/factories";

// Whatever arrives (bodies of any shape, any content type, odd headers), a handler answers with a 4xx of its own,
// never a 500 and never a throw.
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 400 }),
  fc
    .dictionary(
      fc.constantFrom(
        "name",
        "scopes",
        "environment",
        "rateLimit",
        "rateLimitWindow",
        "expiry",
        "expiresOn",
        "grace",
        "key",
        "ip",
        "ipAllowlist",
        "accountId",
      ),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map((value) => JSON.stringify(value)),
);
const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "",
  "application/x-www-form-urlencoded",
);

/** Calls the handler with this body and content type (none when empty); fails on a 5xx or a throw. */
async function statusOf<P>(handler: RouteHandler<P>, call: ApiCall<P>, payload: string, type: string) {
  const headers: Record<string, string> = type ? { "content-type": type } : {};
  const answer = await callRoute(handler, { ...call, body: payload, headers, ip: "192.0.2.200" });
  if (answer.status >= 500) throw new Error(`answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.status;
}

describe("API handlers under arbitrary input", () => {
  it("POST /keys, PATCH, roll and verify never answer 500", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const platform = await createUser({ role: "admin" });
    const verifier = await apiKeyFor(platform, ["keys:verify"], { rateLimit: 10_000 });
    const target = await apiKeyFor(owner, ["keys:read"]);
    const { id } = target.key;
    await fc.assert(
      fc.asyncProperty(body, contentType, async (payload, type) => {
        await statusOf(createKeyRoute, { method: "POST", path: "/keys", key: secret }, payload, type);
        await statusOf(patchKeyRoute, { method: "PATCH", path: `/keys/${id}`, params: { id }, key: secret }, payload, type);
        await statusOf(rollKeyRoute, { method: "POST", path: `/keys/${id}/roll`, params: { id }, key: secret }, payload, type);
        await statusOf(verifyRoute, { method: "POST", path: "/verify", key: verifier.secret }, payload, type);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("GET /me never answers 500 whatever the headers say", async () => {
    const value = fc.string({ maxLength: 120 });
    await fc.assert(
      fc.asyncProperty(value, value, value, async (authorization, apiKey, forwarded) => {
        const headers = { authorization, "x-api-key": apiKey, "x-forwarded-for": forwarded };
        try {
          new Headers(headers);
        } catch {
          return; // not a header a client could send
        }
        const { status, body } = await callRoute(meRoute, { path: "/me", headers, ip: "192.0.2.201" });
        if (status >= 500) throw new Error(`answered ${status}: ${JSON.stringify(body)}`);
        expect([400, 401, 429]).toContain(status);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
