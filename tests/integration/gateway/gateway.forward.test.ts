import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { usageEvents } from "@/db/schema";
import { rotateSigningSecret, updateService } from "@/lib/accounts/gateway";
import { verifyUpstreamSignature } from "@/lib/auth/upstream-signing";
import { flushUsage } from "@/lib/usage/recorder";
import { apiKeyFor, createUser } from "../../support/factories";
import { callGateway, closedPort, serviceWithRules, startUpstream } from "../../support/gateway";

// The gateway against a real upstream process (tests/support/gateway-upstream.mjs) on loopback, which these tests
// allow explicitly; tests/integration/gateway/gateway.private-address.test.ts checks the default refuses it.
process.env.GATEWAY_ALLOW_PRIVATE_UPSTREAMS = "127.0.0.0/8";

let upstream: Awaited<ReturnType<typeof startUpstream>>;
let service: Awaited<ReturnType<typeof serviceWithRules>>;
let secret: string;
let keyId: string;
let accountId: string;

const upstreamCalls = async () => ((await (await fetch(`${upstream.url}/calls`)).json()) as { calls: number }).calls;

beforeAll(async () => {
  upstream = await startUpstream();
  service = await serviceWithRules(`${upstream.url}/base`, [
    { method: "GET", pathPattern: "/echo/*", requiredScopes: ["payments:read"] },
    { method: "POST", pathPattern: "/echo/*", requiredScopes: ["payments:write"], cost: 3 },
    { method: "POST", pathPattern: "/upload", requiredScopes: ["payments:write"] },
    { method: "GET", pathPattern: "/stream" },
    { method: "GET", pathPattern: "/slow" },
    { method: "GET", pathPattern: "/status/:code" },
    { method: "GET", pathPattern: "/cookies" },
    { method: "GET", pathPattern: "/gzip" },
  ]);
  const owner = await createUser();
  const issued = await apiKeyFor(owner, ["payments:read", "payments:write"], { rateLimit: 1000 });
  secret = issued.secret;
  keyId = issued.key.id;
  accountId = owner.id;
}, 30_000);

afterAll(() => upstream?.stop());

const gw = (path: string) => `/gw/${service.slug}${path}`;

describe("gateway: forwarding", () => {
  it("forwards to the base path with the key removed, hop-by-hop dropped and a signed identity the upstream can verify", async () => {
    const response = await callGateway(gw("/echo/a%20b?x=1&y=2"), {
      key: secret,
      headers: {
        "x-api-key": secret,
        connection: "x-client-hop",
        "x-client-hop": "1",
        "x-latchkey-key-id": "spoofed-key",
        "x-latchkey-account-id": "spoofed-owner",
        "x-latchkey-scopes": "admin:everything",
        "x-latchkey-signature": "v1=0000",
        "x-forwarded-for": "6.6.6.6",
        cookie: "authjs.session-token=session; theme=dark",
        "user-agent": "sdk/2",
      },
      ip: "203.0.113.50",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-upstream-hop")).toBeNull();
    expect(response.headers.get("ratelimit-policy")).toBe('"key";q=1000;w=60');
    const echoed = (await response.json()) as { method: string; url: string; headers: Record<string, string> };
    expect(echoed.method).toBe("GET");
    expect(echoed.url).toBe("/base/echo/a%20b?x=1&y=2");
    const { headers } = echoed;
    expect(headers.authorization).toBeUndefined();
    expect(headers["x-api-key"]).toBeUndefined();
    expect(headers["x-client-hop"]).toBeUndefined();
    expect(headers.cookie).toBe("theme=dark");
    expect(headers["user-agent"]).toBe("sdk/2");
    expect(headers["x-forwarded-for"]).toBe("203.0.113.50");
    expect(headers["x-forwarded-host"]).toBe("localhost:3000");
    expect(headers["x-latchkey-key-id"]).toBe(keyId);
    expect(headers["x-latchkey-account-id"]).toBe(accountId);
    // Under its name before accounts too, for one release.
    expect(headers["x-latchkey-owner-id"]).toBe(accountId);
    expect(headers["x-latchkey-scopes"]).toBe("payments:read payments:write");
    expect(headers["x-latchkey-key-environment"]).toBe("live");
    expect(response.headers.get("x-latchkey-request-id")).toBe(headers["x-latchkey-request-id"]);
    const check = verifyUpstreamSignature(
      { method: "GET", url: echoed.url, headers: new Headers(headers) },
      service.signingSecret,
    );
    expect(check.valid).toBe(true);
  });

  it("streams the answer: the first chunk reaches the client before the upstream sends the last", async () => {
    const response = await callGateway(gw("/stream"), { key: secret });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe("first\n");
    // Only now does the upstream send the rest.
    await fetch(`${upstream.url}/release`);
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
    expect(rest).toBe("last\n");
  });

  it("streams a 10 MB request body to the upstream, byte for byte", async () => {
    const body = randomBytes(10 * 1024 * 1024 + 123);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= body.length) return controller.close();
        controller.enqueue(body.subarray(sent, sent + 256 * 1024));
        sent += 256 * 1024;
      },
    });
    const response = await callGateway(gw("/upload"), {
      method: "POST",
      key: secret,
      body: stream,
      headers: { "content-type": "application/octet-stream" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ bytes: body.length, sha256: createHash("sha256").update(body).digest("hex") });
  });

  it("passes the upstream's status on and keeps Latchkey's cookies from being set by it", async () => {
    const failed = await callGateway(gw("/status/418"), { key: secret });
    expect(failed.status).toBe(418);
    const cookies = await callGateway(gw("/cookies"), { key: secret });
    expect(cookies.headers.getSetCookie()).toEqual(["upstream=1; Path=/"]);
  });

  it("asks the upstream for an unencoded body, and decodes one that comes encoded anyway", async () => {
    const response = await callGateway(gw("/gzip"), { key: secret, headers: { "accept-encoding": "gzip, br" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(await response.json()).toEqual({ acceptEncoding: "identity", compressed: true });
  });

  it("answers 504 when the upstream is slower than the service's timeout", async () => {
    const slow = await serviceWithRules(`${upstream.url}/base`, [{ pathPattern: "/slow" }], { timeoutMs: 300 });
    const started = Date.now();
    const response = await callGateway(`/gw/${slow.slug}/slow`, { key: secret });
    expect(response.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await response.json()).toEqual({
      error: { code: "upstream_timeout", message: "The upstream service did not answer in time." },
    });
  });

  it("answers 502 when the upstream is down", async () => {
    const down = await serviceWithRules(`http://127.0.0.1:${await closedPort()}`, [{ pathPattern: "/*" }]);
    const response = await callGateway(`/gw/${down.slug}/anything`, { key: secret });
    expect(response.status).toBe(502);
    expect((await response.json()).error.code).toBe("bad_gateway");
  });
});

type Verify = (req: { method: string; url: string; headers: Record<string, string> }, secret: string) => unknown;

/** The README's verification snippet, as a reader would copy it into their upstream. */
async function readmeSnippet(): Promise<Verify> {
  const readme = readFileSync(path.join(process.cwd(), "README.md"), "utf8");
  const code = /```js\n(\/\/ verify-latchkey\.mjs\n[\s\S]*?)```/.exec(readme)?.[1];
  if (!code) throw new Error("README has no verify-latchkey.mjs snippet");
  const file = path.join(mkdtempSync(path.join(tmpdir(), "latchkey-snippet-")), "verify-latchkey.mjs");
  writeFileSync(file, code);
  return ((await import(pathToFileURL(file).href)) as { verifyLatchkey: Verify }).verifyLatchkey;
}

describe("gateway: the README's verification snippet", () => {
  it("verifies the identity the gateway forwarded, and refuses it tampered with or under another secret", async () => {
    const verifyLatchkey = await readmeSnippet();
    const echoed = (await (await callGateway(gw("/echo/x?q=1"), { key: secret })).json()) as {
      url: string;
      headers: Record<string, string>;
    };
    const request = { method: "GET", url: echoed.url, headers: echoed.headers };
    expect(verifyLatchkey(request, service.signingSecret)).toEqual({
      keyId,
      accountId,
      environment: "live",
      scopes: ["payments:read", "payments:write"],
      requestId: echoed.headers["x-latchkey-request-id"],
    });
    expect(
      verifyLatchkey(
        { ...request, headers: { ...echoed.headers, "x-latchkey-account-id": "someone-else" } },
        service.signingSecret,
      ),
    ).toBeNull();
    expect(verifyLatchkey({ ...request, url: "/base/echo/y?q=1" }, service.signingSecret)).toBeNull();
    expect(verifyLatchkey(request, `${service.signingSecret}x`)).toBeNull();
  });

  it("accepts the old secret's signature during a rotation's grace, and only the new one's after a rotation without", async () => {
    const verifyLatchkey = await readmeSnippet();
    const rotated = await serviceWithRules(`${upstream.url}/base`, [{ pathPattern: "/echo/*" }]);
    const echo = async () => {
      const echoed = (await (await callGateway(`/gw/${rotated.slug}/echo/r`, { key: secret })).json()) as {
        url: string;
        headers: Record<string, string>;
      };
      return { method: "GET", url: echoed.url, headers: echoed.headers };
    };
    const graceful = await rotateSigningSecret(rotated.actor, rotated.service.id, "1h");
    const during = await echo();
    expect(verifyLatchkey(during, rotated.signingSecret)).not.toBeNull();
    expect(verifyLatchkey(during, graceful.signingSecret)).not.toBeNull();
    const abrupt = await rotateSigningSecret(rotated.actor, rotated.service.id, "now");
    const after = await echo();
    expect(verifyLatchkey(after, graceful.signingSecret)).toBeNull();
    expect(verifyLatchkey(after, abrupt.signingSecret)).not.toBeNull();
  });
});

describe("gateway: refusals", () => {
  it("answers 401 without a key, before saying whether the route exists", async () => {
    expect((await callGateway(gw("/echo/a"))).status).toBe(401);
    expect((await callGateway("/gw/no-such-service/x")).status).toBe(401);
  });

  it("answers 403 for a rule's scope the key lacks, and the upstream never hears of it", async () => {
    const owner = await createUser();
    const readOnly = await apiKeyFor(owner, ["payments:read"]);
    const before = await upstreamCalls();
    const response = await callGateway(gw("/echo/a"), { method: "POST", key: readOnly.secret, body: "{}" });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "insufficient_scope" } });
    expect(await upstreamCalls()).toBe(before);
  });

  it("answers one generic 404 for a path no rule matches, an unknown service and a disabled one", async () => {
    const before = await upstreamCalls();
    const noRule = await callGateway(gw("/nothing-here"), { key: secret });
    const wrongMethod = await callGateway(gw("/stream"), { method: "DELETE", key: secret });
    const unknown = await callGateway("/gw/no-such-service/echo/a", { key: secret });
    const disabled = await serviceWithRules(`${upstream.url}/base`, [{ pathPattern: "/*" }]);
    await updateService(disabled.actor, disabled.service.id, {
      name: disabled.service.name,
      slug: disabled.slug,
      baseUrl: disabled.service.baseUrl,
      timeoutMs: disabled.service.timeoutMs,
      enabled: false,
    });
    const off = await callGateway(`/gw/${disabled.slug}/echo/a`, { key: secret });
    for (const response of [noRule, wrongMethod, unknown, off]) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: "not_found", message: "No such route." } });
    }
    expect(await upstreamCalls()).toBe(before);
  });

  it.each([
    "/echo/%2e%2e/%2e%2e/etc/passwd",
    "/echo/..%2f..%2fetc",
    "/echo/%2E%2E%5C%2E%2E%5Cetc",
    "/echo/%252e%252e/admin",
    "/echo/..;/admin",
    "/echo/a%00b",
    "/echo/%0d%0aX-Injected:%201",
  ])("refuses the path %s without reaching the upstream", async (path) => {
    const before = await upstreamCalls();
    const response = await callGateway(gw(path), { key: secret });
    expect([400, 404]).toContain(response.status);
    expect(await upstreamCalls()).toBe(before);
  });

  it("keeps a path with dot segments inside the gateway: it is resolved before the service is chosen", async () => {
    // The URL itself resolves /gw/<slug>/echo/../../other to /gw/other: another (unknown) service, never upstream.
    const response = await callGateway(`/gw/${service.slug}/echo/../../other/x`, { key: secret });
    expect(response.status).toBe(404);
  });
});

describe("gateway: usage and limits", () => {
  it("records the upstream's status and latency under the rule's route, with the rule's scopes; refusals apart", async () => {
    const owner = await createUser();
    const key = await apiKeyFor(owner, ["payments:read", "payments:write"], { rateLimit: 6 });
    expect((await callGateway(gw("/echo/42"), { key: key.secret })).status).toBe(200);
    expect((await callGateway(gw("/status/500"), { key: key.secret })).status).toBe(500);
    // A path no rule matches uses one request too: routes cannot be probed for free.
    const nowhere = await callGateway(gw("/nope"), { key: key.secret });
    expect(nowhere.status).toBe(404);
    expect(nowhere.headers.get("ratelimit")).toMatch(/^"key";r=3;/);
    // Costs 3 of the 3 left: the next POST is over the limit.
    const costly = await callGateway(gw("/echo/1"), { method: "POST", key: key.secret, body: "{}" });
    expect(costly.status).toBe(200);
    expect(costly.headers.get("ratelimit")).toMatch(/^"key";r=0;/);
    const limited = await callGateway(gw("/echo/1"), { method: "POST", key: key.secret, body: "{}" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    await flushUsage();
    const db = await getDb();
    const events = await db.select().from(usageEvents).where(eq(usageEvents.keyId, key.key.id)).orderBy(usageEvents.id);
    expect(events.map((e) => [e.method, e.route, e.status, e.refused, e.outcome])).toEqual([
      ["GET", `/gw/${service.slug}/echo/*`, 200, false, "ok"],
      ["GET", `/gw/${service.slug}/status/:code`, 500, false, "failed"],
      // Under one route whatever the path: a route per made-up path would be a rollup row per guess.
      ["GET", "/gw/:service", 404, true, "not_found"],
      ["POST", `/gw/${service.slug}/echo/*`, 200, false, "ok"],
      ["POST", `/gw/${service.slug}/echo/*`, 429, true, "rate_limited"],
    ]);
    expect(events.every((e) => e.latencyMs >= 0 && e.source === "gateway")).toBe(true);
  });

  it("gives back what a refused expensive call would have cost", async () => {
    const key = await apiKeyFor(await createUser(), ["payments:read", "payments:write"], { rateLimit: 4 });
    for (let i = 0; i < 2; i++) expect((await callGateway(gw("/echo/42"), { key: key.secret })).status).toBe(200);
    // POST costs 3; 2 remain: refused whole, and the 2 are still there.
    const refused = await callGateway(gw("/echo/1"), { method: "POST", key: key.secret, body: "{}" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit")).toMatch(/^"key";r=2;/);
    const after = await callGateway(gw("/echo/42"), { key: key.secret });
    expect(after.status).toBe(200);
    expect(after.headers.get("ratelimit")).toMatch(/^"key";r=1;/);
  });

  it("answers a path no rule matches only within the key's allowlist and limit", async () => {
    const key = await apiKeyFor(await createUser(), ["payments:read"], { rateLimit: 2 });
    expect((await callGateway(gw("/nope"), { key: key.secret })).status).toBe(404);
    expect((await callGateway(gw("/nope"), { key: key.secret })).status).toBe(404);
    expect((await callGateway(gw("/nope"), { key: key.secret })).status).toBe(429);
    expect((await callGateway("/gw/no-such-service/x", { key: key.secret })).status).toBe(429);
  });

  it("records an unreachable or slow upstream as its own outcome", async () => {
    const owner = await createUser();
    const key = await apiKeyFor(owner, ["payments:read"]);
    const down = await serviceWithRules(`http://127.0.0.1:${await closedPort()}`, [{ pathPattern: "/*" }]);
    const slow = await serviceWithRules(`${upstream.url}/base`, [{ pathPattern: "/slow" }], { timeoutMs: 200 });
    await callGateway(`/gw/${down.slug}/x`, { key: key.secret });
    await callGateway(`/gw/${slow.slug}/slow`, { key: key.secret });
    await flushUsage();
    const db = await getDb();
    const events = await db.select().from(usageEvents).where(eq(usageEvents.keyId, key.key.id)).orderBy(usageEvents.id);
    expect(events.map((e) => [e.status, e.refused, e.outcome])).toEqual([
      [502, false, "upstream_unreachable"],
      [504, false, "upstream_timeout"],
    ]);
    expect(events[1].latencyMs).toBeGreaterThanOrEqual(200);
  });
});
