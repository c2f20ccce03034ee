import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKey } from "@/lib/keys/format";
import { baseEnv, createDatabase, issueKey, startInstance } from "../../scripts/lib/instances.mjs";
import { startUpstream } from "../support/gateway";

// The lean path (lib/http/lean-path.mjs) answers GET /api/v1/me, POST /api/v1/verify and the gateway without the
// framework. One suite of requests goes to two production servers on the same database: one with the lean path, one
// with LEAN_PATH=0 (every request through the framework's router, as `next start` would). Status, the headers a
// client acts on and the bodies must be the same, and the metrics must show that the lean path answered.
type Instance = Awaited<ReturnType<typeof startInstance>>;
let database: Awaited<ReturnType<typeof createDatabase>>;
let upstream: Awaited<ReturnType<typeof startUpstream>>;
let lean: Instance;
let framework: Instance;
const metricsToken = randomBytes(24).toString("hex");
const keys: Record<string, string> = {};

// What a client acts on. Date, Connection, Content-Length/Transfer-Encoding and compression are the transport's.
const COMPARED_HEADERS = [
  "content-type",
  "cache-control",
  "www-authenticate",
  "retry-after",
  "ratelimit",
  "ratelimit-policy",
  "location",
  "set-cookie",
  "content-security-policy",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
  "permissions-policy",
  "cross-origin-opener-policy",
  "x-latchkey-request-id",
];

beforeAll(async () => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("These tests run a production build: run `npm run build` first.");
  database = await createDatabase("latchkey_lean_path");
  upstream = await startUpstream();
  // No REDIS_URL: each server counts rate limits on its own, so the same key meets the same limit on both.
  const env = baseEnv(database.url, { GATEWAY_ALLOW_PRIVATE_UPSTREAMS: "127.0.0.0/8", METRICS_TOKEN: metricsToken });
  const owner = `lean-${randomUUID().slice(0, 8)}@test.latchkey.local`;
  const issue = (name: string, scopes: string, rateLimit = "1000/minute") =>
    issueKey(env, { email: owner, scopes, rateLimit, name });
  keys.platform = await issue("Platform", "keys:verify");
  keys.client = await issue("Client", "payments:read,keys:read");
  keys.narrow = await issue("Narrow", "keys:read");
  keys.allowlisted = await issue("Allowlisted", "payments:read,keys:read");
  keys.limited = await issue("Limited", "payments:read,keys:read", "2/minute");
  keys.revoked = await issue("Revoked", "payments:read,keys:read");
  keys.unseen = await issue("Unseen", "payments:read,keys:read");

  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  await sql`update api_keys set ip_allowlist = '{10.0.0.0/8}' where name = 'Allowlisted'`;
  await sql`update api_keys set revoked_at = now() where name = 'Revoked'`;
  const [service] = await sql<{ id: string }[]>`
    insert into gateway_services (slug, name, base_url, timeout_ms) values ('parity', 'Parity', ${upstream.url}, 5000)
    returning id`;
  await sql`insert into gateway_routes (service_id, method, path_pattern, required_scopes, cost, position)
    values (${service.id}, 'ANY', '/echo/*rest', '{payments:read}', 1, 0)`;
  await sql.end();

  [lean, framework] = await Promise.all([
    startInstance({ port: 3271, env }),
    startInstance({ port: 3272, env: { ...env, LEAN_PATH: "0" } }),
  ]);
}, 180_000);

afterAll(async () => {
  await database?.bringBack().catch(() => {});
  await Promise.all([lean?.stop(), framework?.stop()]);
  upstream?.stop();
  await database?.drop();
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** One request exactly as given (path unnormalised, headers as listed), answered as status, compared headers, body. */
function send(server: Instance, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const sent = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve(normalise(server, response.statusCode ?? 0, response.headers, text)));
    });
    sent.on("error", reject);
    sent.end(body);
  });
}

// What differs between two correct answers: the server's own address, per-call ids and signatures, a second's
// difference in a reset time.
function normalise(server: Instance, status: number, raw: Record<string, string | string[] | undefined>, text: string): Answer {
  const host = new URL(server.url).host;
  const headers: Record<string, string> = {};
  for (const name of COMPARED_HEADERS) {
    const value = raw[name];
    if (value === undefined) continue;
    headers[name] = (Array.isArray(value) ? value.join("\n") : value).replace(/;t=\d+/g, ";t=<s>").replaceAll(host, "<host>");
  }
  if (headers["x-latchkey-request-id"]) headers["x-latchkey-request-id"] = "<uuid>";
  let body: unknown = text.replaceAll(host, "<host>");
  try {
    body = JSON.parse(body as string, (name, value) => {
      if (name === "eventId" && typeof value === "string") return "<event>";
      if (name === "reset" && typeof value === "number") return "<s>";
      if (/^x-latchkey-(request-id|timestamp|signature)$/.test(name)) return "<per-call>";
      return value;
    });
  } catch {
    // not JSON: compared as text
  }
  return { status, headers, body };
}

/** The same request to both servers, one after the other; their answers must match. */
async function same(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const fromLean = await send(lean, method, path, headers, body);
  const fromFramework = await send(framework, method, path, headers, body);
  expect(fromLean, `${method} ${path}`).toEqual(fromFramework);
  return fromLean;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const json = { "content-type": "application/json" };
const verify = (key: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ key, scopes: ["payments:read"], method: "GET", path: "/v1/payments/42", ip: "10.1.2.3", ...extra });
// Shaped like a key, with a valid checksum, but never issued.
const unknownKey = () => generateKey("lk", "live").secret;

describe("the lean path answers as the framework does", () => {
  it("GET /api/v1/me: valid, missing, malformed, unknown, revoked, both headers, conflicting", async () => {
    expect((await same("GET", "/api/v1/me", bearer(keys.client))).status).toBe(200);
    expect((await same("GET", "/api/v1/me", { "x-api-key": keys.client })).status).toBe(200);
    expect((await same("GET", "/api/v1/me?with=query", bearer(keys.client))).status).toBe(200);
    expect((await same("GET", "/api/v1/me")).status).toBe(401);
    expect((await same("GET", "/api/v1/me", { authorization: "Bearer not-a-key" })).status).toBe(401);
    expect((await same("GET", "/api/v1/me", { authorization: "Basic dXNlcjpwYXNz" })).status).toBe(401);
    expect((await same("GET", "/api/v1/me", bearer(unknownKey()))).status).toBe(401);
    expect((await same("GET", "/api/v1/me", bearer(keys.revoked))).status).toBe(401);
    expect((await same("GET", "/api/v1/me", { ...bearer(keys.client), "x-api-key": keys.narrow })).status).toBe(400);
  });

  it("an address off the allowlist, and the rate limit", async () => {
    expect((await same("GET", "/api/v1/me", bearer(keys.allowlisted))).status).toBe(403);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await same("GET", "/api/v1/me", bearer(keys.limited))).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it("POST /api/v1/verify: each outcome, and bad bodies", async () => {
    for (const presented of [keys.client, keys.narrow, keys.allowlisted, keys.revoked, unknownKey(), "junk"]) {
      const answer = await same("POST", "/api/v1/verify", { ...bearer(keys.platform), ...json }, verify(presented));
      expect(answer.status).toBe(200);
    }
    const cases: [Record<string, string>, string | undefined, number][] = [
      [{ ...bearer(keys.client), ...json }, verify(keys.client), 403], // the caller lacks keys:verify
      [{ ...bearer(keys.platform), ...json }, "{not json", 400],
      [{ ...bearer(keys.platform), ...json }, JSON.stringify({ key: 42 }), 400],
      [{ ...bearer(keys.platform), ...json }, JSON.stringify({ key: "x", unknown: true }), 400],
      [{ ...bearer(keys.platform), "content-type": "text/plain" }, verify(keys.client), 415],
      [{ ...bearer(keys.platform), ...json }, JSON.stringify({ key: "x".repeat(20_000) }), 413],
      [{ ...bearer(keys.platform), ...json }, undefined, 400],
      [{ ...json }, verify(keys.client), 401],
    ];
    for (const [headers, body, status] of cases) {
      expect((await same("POST", "/api/v1/verify", headers, body)).status).toBe(status);
    }
  });

  it("the gateway: forwarded, refused for scope, address, key or path, and bodies both ways", async () => {
    const forwarded = await same("GET", "/gw/parity/echo/a?x=1", bearer(keys.client));
    expect(forwarded.status).toBe(200);
    expect(forwarded.body).toMatchObject({ method: "GET", url: "/echo/a?x=1" });
    const posted = await same("POST", "/gw/parity/echo/b", { ...bearer(keys.client), ...json }, '{"amount":42}');
    expect(posted.body).toMatchObject({ method: "POST", url: "/echo/b" });
    expect((await same("HEAD", "/gw/parity/echo/a", bearer(keys.client))).status).toBe(200);
    expect((await same("GET", "/gw/parity/echo/a", bearer(keys.narrow))).status).toBe(403);
    expect((await same("GET", "/gw/parity/echo/a", bearer(keys.allowlisted))).status).toBe(403);
    expect((await same("GET", "/gw/parity/echo/a", bearer(keys.revoked))).status).toBe(401);
    expect((await same("GET", "/gw/parity/echo/a")).status).toBe(401);
    expect((await same("GET", "/gw/parity/nowhere", bearer(keys.client))).status).toBe(404);
    expect((await same("GET", "/gw/unknown-service/echo/a", bearer(keys.client))).status).toBe(404);
    expect((await same("GET", "/gw/parity/echo/a%2Fb", bearer(keys.client))).status).toBe(400);
    expect((await same("GET", "/gw/parity/echo/a%00b", bearer(keys.client))).status).toBe(400);
    // A NUL in a segment, and a path past the gateway's bound of 2,048 characters.
    expect((await same("GET", `/gw/parity/echo/${"a".repeat(8_000)}`, bearer(keys.client))).status).toBe(400);
    // The URL parser reads an encoded dot segment as one: /gw/parity/x, which no rule matches.
    expect((await same("GET", "/gw/parity/echo/%2e%2e/x", bearer(keys.client))).status).toBe(404);
  });

  it("paths and methods the lean path leaves to the framework", async () => {
    expect((await same("GET", "/gw/parity/echo/a/", bearer(keys.client))).status).toBe(308);
    expect((await same("GET", "/gw/parity/nowhere/../echo/c", bearer(keys.client))).status).toBe(200);
    expect((await same("GET", "/api/v1/me/", bearer(keys.client))).status).toBe(308);
    expect((await same("HEAD", "/api/v1/me", bearer(keys.client))).status).toBe(200);
    expect((await same("DELETE", "/api/v1/me", bearer(keys.client))).status).toBe(405);
    expect((await same("GET", "/api/v1/verify", bearer(keys.platform))).status).toBe(405);
  });

  it("a client that leaves in the middle of its body costs nothing: no answer, no error logged, the next call served", async () => {
    const url = new URL(lean.url);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(
      `POST /api/v1/verify HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${keys.platform}\r\n` +
        `Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{"key":"lk_`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const next = await same("POST", "/api/v1/verify", { ...bearer(keys.platform), ...json }, verify(keys.client));
    expect(next.status).toBe(200);
    expect(lean.output()).not.toContain("lean path failed");
  });

  it("the database down: 503 on both, nothing unverified let through", async () => {
    await database.takeOffline();
    try {
      expect((await same("GET", "/api/v1/me", bearer(keys.unseen))).status).toBe(503);
      expect((await same("GET", "/gw/parity/echo/a", bearer(keys.unseen))).status).toBe(503);
    } finally {
      await database.bringBack();
    }
  });

  it("was answered by the lean path on one server and by the framework on the other", async () => {
    const served = async (server: Instance) => {
      const text = await (await fetch(`${server.url}/api/metrics`, { headers: bearer(metricsToken) })).text();
      const count = (route: string) =>
        Number(new RegExp(`latchkey_lean_path_requests_total\\{route="${route}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
      return { me: count("GET /api/v1/me"), verify: count("POST /api/v1/verify"), gateway: count("gateway") };
    };
    const fromLean = await served(lean);
    expect(fromLean.me).toBeGreaterThanOrEqual(12);
    expect(fromLean.verify).toBeGreaterThanOrEqual(12);
    expect(fromLean.gateway).toBeGreaterThanOrEqual(9);
    expect(await served(framework)).toEqual({ me: 0, verify: 0, gateway: 0 });
  });
});
