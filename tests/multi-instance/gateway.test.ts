import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { request } from "node:http";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveSigningSecret, verifyUpstreamSignature } from "@/lib/auth/upstream-signing";
import { baseEnv, createDatabase, issueKey, startInstance } from "../../scripts/lib/instances.mjs";
import { startUpstream } from "../support/gateway";

// The gateway on the production server (server.mjs, a real build): what only a real HTTP path shows. /gw is outside
// proxy.ts, so a body over Next.js's 10 MB proxy limit streams through; the response streams back chunk by chunk;
// the seeded demo service forwards to the demo upstream in the app itself and its signature verifies there.
type Instance = Awaited<ReturnType<typeof startInstance>>;
let database: Awaited<ReturnType<typeof createDatabase>>;
let server: Instance;
let upstream: Awaited<ReturnType<typeof startUpstream>>;
let secret: string;
let env: Record<string, string>;
let uploadSlug: string;
let uploadSigningSecret: string;

const PORT = 3600 + Math.floor(Math.random() * 50);

beforeAll(async () => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("These tests run a production build: run `npm run build` first.");
  database = await createDatabase("latchkey_gateway");
  upstream = await startUpstream();
  // SEED_DEMO=1 seeds the demo service, pointing at this instance's own port; loopback is allowed explicitly, since a
  // Postgres deployment allows no private upstream by default.
  env = baseEnv(database.url, { SEED_DEMO: "1", GATEWAY_ALLOW_PRIVATE_UPSTREAMS: "127.0.0.0/8", PORT: String(PORT) });
  server = await startInstance({ port: PORT, env });
  secret = await issueKey(env, {
    email: `gw-${randomUUID().slice(0, 8)}@test.latchkey.local`,
    scopes: "payments:read,payments:write",
    rateLimit: "1000/minute",
  });
  // A service in front of the test upstream, written as the admin command would leave it.
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  uploadSlug = `upload-${randomUUID().slice(0, 8)}`;
  const [service] = await sql<{ id: string }[]>`
    insert into gateway_services (slug, name, base_url, timeout_ms) values (${uploadSlug}, 'Uploads', ${`${upstream.url}/base`}, 10000)
    returning id`;
  await sql`insert into gateway_routes (service_id, method, path_pattern, required_scopes, cost, position)
    values (${service.id}, 'ANY', '/*', '{payments:write}', 1, 1)`;
  await sql.end();
  uploadSigningSecret = deriveSigningSecret(env.AUTH_SECRET, service.id, 1);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  upstream?.stop();
  await database?.drop();
});

describe("gateway on the production server", () => {
  it("forwards a call to the demo service, whose demo upstream verifies the signed identity", async () => {
    // fetch asks for gzip: the demo upstream (Next.js) would compress, and Next.js drops a route handler's
    // Content-Encoding; the gateway asks upstreams for identity, and the outer answer is compressed once.
    const response = await fetch(`${server.url}/gw/demo/echo/hello?x=1`, {
      headers: { authorization: `Bearer ${secret}`, "x-latchkey-key-id": "spoofed", "accept-encoding": "gzip" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBeNull();
    const body = await response.json();
    expect(body).toMatchObject({
      method: "GET",
      path: "/echo/hello",
      query: { x: "1" },
      signature: "valid",
      identity: { environment: "live", scopes: ["payments:read", "payments:write"] },
    });
    expect(body.identity.keyId).not.toBe("spoofed");
    // Straight to the demo upstream, without the gateway: no identity is believed.
    const direct = await (
      await fetch(`${server.url}/demo-upstream/echo/hello`, { headers: { "x-latchkey-key-id": "spoofed" } })
    ).json();
    expect(direct).toMatchObject({ signature: "missing", identity: null });
  });

  it("streams the answer: the first chunk arrives before the upstream sends the last", async () => {
    const response = await fetch(`${server.url}/gw/${uploadSlug}/stream`, {
      headers: { authorization: `Bearer ${secret}`, "accept-encoding": "gzip, br" },
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe("first\n");
    await fetch(`${upstream.url}/release`);
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      rest += decoder.decode(chunk.value, { stream: true });
    expect(rest).toBe("last\n");
  });

  it("streams a 12 MB request body through, past the proxy's 10 MB limit, and signs the call", async () => {
    const body = randomBytes(12 * 1024 * 1024);
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const sent = request(
        `${server.url}/gw/${uploadSlug}/upload`,
        { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/octet-stream" } },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
        },
      );
      sent.on("error", reject);
      // Chunked, in pieces: the server never knows the length up front.
      for (let offset = 0; offset < body.length; offset += 1024 * 1024) sent.write(body.subarray(offset, offset + 1024 * 1024));
      sent.end();
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ bytes: body.length, sha256: createHash("sha256").update(body).digest("hex") });

    const echoed = await (
      await fetch(`${server.url}/gw/${uploadSlug}/echo/z`, { headers: { authorization: `Bearer ${secret}` } })
    ).json();
    const check = verifyUpstreamSignature(
      { method: "GET", url: echoed.url, headers: new Headers(echoed.headers) },
      uploadSigningSecret,
    );
    expect(check.valid).toBe(true);
  });

  it("keeps path tricks sent raw over the wire inside the service", async () => {
    const raw = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(server.url);
        const sent = request(
          { host: url.hostname, port: url.port, path, headers: { authorization: `Bearer ${secret}` } },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        sent.on("error", reject);
        sent.end();
      });
    const before = (await (await fetch(`${upstream.url}/calls`)).json()).calls;
    for (const path of [
      `/gw/${uploadSlug}/../../api/v1/me`,
      `/gw/${uploadSlug}/echo/%2e%2e/%2e%2e/x`,
      `/gw/${uploadSlug}/echo/..%2f..%2fx`,
      `/gw/${uploadSlug}/echo/%252e%252e/x`,
      `/gw/${uploadSlug}/echo\\..\\..\\x`,
    ]) {
      const status = await raw(path);
      // Refused (400/404), or resolved by the URL parser to a path outside this service (answered there, or redirected
      // there with 308): never an upstream call.
      expect([200, 308, 400, 401, 404]).toContain(status);
    }
    expect((await (await fetch(`${upstream.url}/calls`)).json()).calls).toBe(before);
  });
});
