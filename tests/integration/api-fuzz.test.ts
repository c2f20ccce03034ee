import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { PATCH as patchKeyRoute } from "@/app/api/v1/keys/[id]/route";
import { POST as rollKeyRoute } from "@/app/api/v1/keys/[id]/roll/route";
import { POST as verifyRoute } from "@/app/api/v1/verify/route";
import { GET as meRoute } from "@/app/api/v1/me/route";
import { SOCKET_IP_HEADER } from "@/lib/http/client-ip";
import { createUser } from "../support/factories";
import { apiKeyFor, ownerWithManagerKey } from "../support/api-requests";

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
        "ownerId",
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

function request(path: string, secret: string, payload: string, type: string, method = "POST") {
  const headers: Record<string, string> = { authorization: `Bearer ${secret}`, [SOCKET_IP_HEADER]: "192.0.2.200" };
  if (type) headers["content-type"] = type;
  return new NextRequest(`http://localhost/api/v1${path}`, { method, headers, body: payload });
}

async function statusOf(response: Promise<Response>) {
  const answer = await response;
  if (answer.status >= 500) throw new Error(`answered ${answer.status}: ${await answer.text()}`);
  return answer.status;
}

describe("API handlers under arbitrary input", () => {
  it("POST /keys, PATCH, roll and verify never answer 500", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const platform = await createUser({ role: "admin" });
    const verifier = await apiKeyFor(platform, ["keys:verify"], { rateLimit: 10_000 });
    const target = await apiKeyFor(owner, ["keys:read"]);
    const params = { params: Promise.resolve({ id: target.key.id }) };
    await fc.assert(
      fc.asyncProperty(body, contentType, async (payload, type) => {
        await statusOf(createKeyRoute(request("/keys", secret, payload, type), { params: Promise.resolve({}) }));
        await statusOf(patchKeyRoute(request(`/keys/${target.key.id}`, secret, payload, type, "PATCH"), params));
        await statusOf(rollKeyRoute(request(`/keys/${target.key.id}/roll`, secret, payload, type), params));
        await statusOf(verifyRoute(request("/verify", verifier.secret, payload, type), { params: Promise.resolve({}) }));
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("GET /me never answers 500 whatever the headers say", async () => {
    const value = fc.string({ maxLength: 120 });
    await fc.assert(
      fc.asyncProperty(value, value, value, async (authorization, apiKey, forwarded) => {
        const headers = new Headers({ [SOCKET_IP_HEADER]: "192.0.2.201" });
        try {
          headers.set("authorization", authorization);
          headers.set("x-api-key", apiKey);
          headers.set("x-forwarded-for", forwarded);
        } catch {
          return; // not a header a client could send
        }
        const status = await statusOf(
          meRoute(new NextRequest("http://localhost/api/v1/me", { headers }), { params: Promise.resolve({}) }),
        );
        expect([400, 401, 429]).toContain(status);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
