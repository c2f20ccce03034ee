import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyFor, createUser } from "../../support/factories";
import { callGateway, serviceWithRules, startUpstream } from "../../support/gateway";

// The gateway and a key's usage quota: a rule's cost counts against it as it does against the rate limit, after the
// rate limit; a call refused for its quota, or before it (a missing scope, no such route), never reaches the upstream
// and uses none of it.
process.env.GATEWAY_ALLOW_PRIVATE_UPSTREAMS = "127.0.0.0/8";

let upstream: Awaited<ReturnType<typeof startUpstream>>;
let slug: string;

beforeAll(async () => {
  upstream = await startUpstream();
  ({ slug } = await serviceWithRules(`${upstream.url}/base`, [
    { method: "GET", pathPattern: "/echo/*", requiredScopes: ["payments:read"] },
    { method: "POST", pathPattern: "/echo/*", requiredScopes: ["payments:write"], cost: 4 },
  ]));
}, 30_000);

afterAll(() => upstream?.stop());

const upstreamCalls = async () => ((await (await fetch(`${upstream.url}/calls`)).json()) as { calls: number }).calls;

describe("gateway: usage quota", () => {
  it("counts a rule's cost against the quota, refuses a call that does not fit whole, and forwards nothing then", async () => {
    const key = await apiKeyFor(await createUser(), ["payments:read", "payments:write"], {
      rateLimit: 1000,
      quotaLimit: "10",
      quotaPeriod: "day",
    });
    const costly = await callGateway(`/gw/${slug}/echo/1`, { method: "POST", key: key.secret, body: "{}" });
    expect(costly.status).toBe(200);
    expect(costly.headers.get("ratelimit")).toMatch(/, "quota";r=6;t=\d+$/);
    expect((await callGateway(`/gw/${slug}/echo/1`, { method: "POST", key: key.secret, body: "{}" })).status).toBe(200);
    const before = await upstreamCalls();
    // 2 remain: a call costing 4 is refused whole…
    const refused = await callGateway(`/gw/${slug}/echo/1`, { method: "POST", key: key.secret, body: "{}" });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("quota_exceeded");
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await upstreamCalls()).toBe(before);
    // …and the 2 are still there for cheaper calls.
    const cheap = await callGateway(`/gw/${slug}/echo/2`, { key: key.secret });
    expect(cheap.status).toBe(200);
    expect(cheap.headers.get("ratelimit")).toMatch(/, "quota";r=1;t=\d+$/);
  });

  it("uses none of the quota for a missing scope or a path no rule matches", async () => {
    const key = await apiKeyFor(await createUser(), ["payments:read"], { quotaLimit: "1", quotaPeriod: "total" });
    expect((await callGateway(`/gw/${slug}/echo/1`, { method: "POST", key: key.secret, body: "{}" })).status).toBe(403);
    expect((await callGateway(`/gw/${slug}/nope`, { key: key.secret })).status).toBe(404);
    expect((await callGateway(`/gw/${slug}/echo/1`, { key: key.secret })).status).toBe(200);
    expect((await callGateway(`/gw/${slug}/echo/1`, { key: key.secret })).status).toBe(429);
  });
});
