import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLatchkey, type Latchkey, LatchkeyError } from "../../packages/client/src/index";
import { latchkeyForExpress } from "../../packages/client/src/express";
import { keyChecksum } from "../../packages/client/src/key-format";
import { latchkeyForNext } from "../../packages/client/src/next";
import { baseEnv, createDatabase, issueKey, startInstance, waitFor } from "../../scripts/lib/instances.mjs";

// The client library (packages/client) against a real production server: verify, revocation with the cache on, the
// Express middleware in a real Express server, the Next.js wrapper with real Requests, reports reaching the key's
// usage, and the README's curl, JavaScript and Python examples run as written.
type Instance = Awaited<ReturnType<typeof startInstance>>;
const run = promisify(execFile);
const LATCHKEY_PORT = 3701;
const EXPRESS_PORT = 3702;
const NOTHING_LISTENS = "http://127.0.0.1:3709";

let database: Awaited<ReturnType<typeof createDatabase>>;
let env: Record<string, string>;
let server: Instance;
let platformKey: string;
let manager: string;
let latchkey: Latchkey;
let expressServer: Server;

const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
const keyIds = new Map<string, string>();

/** A key of the test's owner, made through the API by the manager key (the CLI takes seconds per key). */
async function issue(scopes: string, rateLimit = 600): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/keys`, {
    method: "POST",
    headers: { ...bearer(manager), "Content-Type": "application/json" },
    body: JSON.stringify({
      name: `Key ${scopes}`,
      scopes: scopes.split(","),
      environment: "live",
      rateLimit,
      rateLimitWindow: "minute",
    }),
  });
  expect(response.status).toBe(201);
  const { key, secret } = await response.json();
  keyIds.set(secret, key.id);
  return secret;
}

function keyIdOf(secret: string): string {
  return keyIds.get(secret)!;
}

async function revoke(keyId: string) {
  const response = await fetch(`${server.url}/api/v1/keys/${keyId}`, { method: "DELETE", headers: bearer(manager) });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("These tests run a production build: run `npm run build` first.");
  database = await createDatabase("latchkey_client");
  env = baseEnv(database.url);
  server = await startInstance({ port: LATCHKEY_PORT, env });
  // The platform's own service key: keys:verify is admin-only and comes from the CLI. Its own limit is high, since
  // each verification counts against it too.
  platformKey = await issueKey(env, {
    email: `platform-${randomUUID().slice(0, 8)}@test.latchkey.local`,
    scopes: "keys:verify",
    rateLimit: "10000/minute",
    name: "Platform",
  });
  manager = await issueKey(env, {
    email: `client-${randomUUID().slice(0, 8)}@test.latchkey.local`,
    scopes: "keys:read,keys:write,usage:read,payments:read,payments:write,customers:read",
    rateLimit: "10000/minute",
    name: "Manager",
  });
  latchkey = createLatchkey({ baseUrl: server.url, platformKey });

  const requireKey = latchkeyForExpress(latchkey);
  const app = express();
  app.get("/payments/:id", requireKey({ scopes: ["payments:read"] }), (req, res) => {
    if (req.params.id === "broken") res.status(502).json({ error: "upstream down" });
    else res.json({ id: req.params.id, keyId: req.latchkey!.keyId, accountId: req.latchkey!.accountId });
  });
  await new Promise<void>((resolve) => {
    expressServer = app.listen(EXPRESS_PORT, "127.0.0.1", () => resolve());
  });
}, 180_000);

afterAll(async () => {
  await latchkey?.close();
  await new Promise((resolve) => (expressServer ? expressServer.close(resolve) : resolve(undefined)));
  await server?.stop();
  await database?.drop();
});

describe("verify against a running server", () => {
  it("answers valid with the key's identity, and refusals as results", async () => {
    const key = await issue("payments:read");
    const keyId = keyIdOf(key);
    const valid = await latchkey.verify({ key, scopes: ["payments:read"], method: "GET", path: "/v1/payments/42" });
    expect(valid).toMatchObject({ valid: true, code: "valid", keyId, scopes: ["payments:read"] });
    expect(valid.rateLimit.limit).toBe(600);
    expect(await latchkey.verify({ key, scopes: ["payments:write"] })).toMatchObject({
      valid: false,
      code: "insufficient_scope",
    });
    expect(await latchkey.verify({ key: `${key.slice(0, -6)}000000` })).toMatchObject({ valid: false, code: "malformed" });
    // Well formed, checksum and all, but never issued: only the server can tell.
    const head = `lk_live_${"A".repeat(32)}`;
    expect(await latchkey.verify({ key: head + keyChecksum(head) })).toMatchObject({ valid: false, code: "unknown" });
  });

  it("throws platform_key errors for a platform key that is wrong or lacks keys:verify", async () => {
    const withoutScope = createLatchkey({ baseUrl: server.url, platformKey: manager });
    const key = await issue("payments:read");
    const refused = await withoutScope.verify({ key }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LatchkeyError);
    expect(refused).toMatchObject({ kind: "platform_key", status: 403, code: "insufficient_scope" });
    const bogus = createLatchkey({ baseUrl: server.url, platformKey: "lk_live_not-a-real-key" });
    expect(await bogus.verify({ key }).catch((error: unknown) => error)).toMatchObject({ kind: "platform_key", status: 401 });
    const away = createLatchkey({ baseUrl: NOTHING_LISTENS, platformKey });
    expect(await away.verify({ key }).catch((error: unknown) => error)).toMatchObject({ kind: "unavailable" });
  });

  it("refuses a revoked key at once without the cache, and within 1 s with it on", async () => {
    const uncachedKey = await issue("payments:read");
    expect((await latchkey.verify({ key: uncachedKey })).valid).toBe(true);
    await revoke(keyIdOf(uncachedKey));
    expect(await latchkey.verify({ key: uncachedKey })).toMatchObject({ valid: false, code: "revoked" });

    const cached = createLatchkey({ baseUrl: server.url, platformKey, cache: { ttlMs: 1000 } });
    const key = await issue("payments:read");
    const keyId = keyIdOf(key);
    expect((await cached.verify({ key, scopes: ["payments:read"] })).valid).toBe(true);
    await revoke(keyId);
    const revokedAt = performance.now();
    let result = await cached.verify({ key, scopes: ["payments:read"] });
    // The answer given before the revoke may still be used, but never past 1 s after it.
    while (result.valid) {
      expect(performance.now() - revokedAt).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 20));
      result = await cached.verify({ key, scopes: ["payments:read"] });
    }
    expect(performance.now() - revokedAt).toBeLessThan(1000 + 200);
    expect(result).toMatchObject({ valid: false, code: "revoked", keyId });
  });
});

describe("the Express middleware in a real Express server", () => {
  const call = (path: string, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${EXPRESS_PORT}${path}`, { headers });

  it("lets a key with the route's scope through, with its identity on req.latchkey", async () => {
    const key = await issue("payments:read");
    const response = await call("/payments/42", bearer(key));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: "42", keyId: keyIdOf(key), accountId: expect.any(String) });
    expect(response.headers.get("ratelimit")).toMatch(/^"key";r=\d+;t=\d+$/);
    const viaHeader = await call("/payments/43", { "X-API-Key": key });
    expect(viaHeader.status).toBe(200);
  });

  it("answers 401, 403 and 429 in Latchkey's envelope", async () => {
    const noKey = await call("/payments/42");
    expect(noKey.status).toBe(401);
    expect((await noKey.json()).error.code).toBe("missing_key");

    const revoked = await issue("payments:read");
    await revoke(keyIdOf(revoked));
    const refused = await call("/payments/42", bearer(revoked));
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("invalid_key");

    const wrongScope = await call("/payments/42", bearer(await issue("customers:read")));
    expect(wrongScope.status).toBe(403);
    expect((await wrongScope.json()).error).toEqual({
      code: "insufficient_scope",
      message: 'This key lacks the "payments:read" scope.',
    });

    // The Express app sees this test's requests come from 127.0.0.1 (req.ip), which the key's allowlist leaves out.
    const fenced = await issue("payments:read");
    const patched = await fetch(`${server.url}/api/v1/keys/${keyIdOf(fenced)}`, {
      method: "PATCH",
      headers: { ...bearer(manager), "Content-Type": "application/json" },
      body: JSON.stringify({ ipAllowlist: ["203.0.113.0/24"] }),
    });
    expect(patched.status).toBe(200);
    const outside = await call("/payments/42", bearer(fenced));
    expect(outside.status).toBe(403);
    expect((await outside.json()).error.code).toBe("ip_not_allowed");

    const limited = await issue("payments:read", 2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call("/payments/42", bearer(limited))).status);
    expect(statuses).toEqual([200, 200, 429]);
    const tooMany = await call("/payments/42", bearer(limited));
    expect(tooMany.status).toBe(429);
    expect(Number(tooMany.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await tooMany.json()).error.code).toBe("rate_limited");
  });
});

describe("the Next.js wrapper with real Requests", () => {
  const request = (headers: Record<string, string>) =>
    new Request("https://platform.example.test/api/payments/42?x=1", { headers });

  it("hands the handler the verified key, refuses the rest, and fails closed when Latchkey is away", async () => {
    const withLatchkey = latchkeyForNext(latchkey);
    const GET = withLatchkey(async (_request, key) => Response.json({ keyId: key.keyId }), { scopes: ["payments:read"] });
    const key = await issue("payments:read");
    const accepted = await GET(request(bearer(key)), {});
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ keyId: keyIdOf(key) });

    const scoped = await GET(request(bearer(await issue("customers:read"))), {});
    expect(scoped.status).toBe(403);
    await revoke(keyIdOf(key));
    expect((await GET(request(bearer(key)), {})).status).toBe(401);

    const away = latchkeyForNext(createLatchkey({ baseUrl: NOTHING_LISTENS, platformKey }));
    const unavailable = await away(async () => new Response("never"))(request(bearer(key)), {});
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("retry-after")).toBe("5");
  });
});

describe("reports", () => {
  async function usageOf(keyId: string) {
    const response = await fetch(`${server.url}/api/v1/keys/${keyId}/usage?days=1`, { headers: bearer(manager) });
    expect(response.status).toBe(200);
    return response.json() as Promise<{ total: number; successes: number; errors: number; topRoutes: { route: string }[] }>;
  }

  it("turn the verified call's expected 200 into the status the service answered", async () => {
    const key = await issue("payments:read");
    const keyId = keyIdOf(key);
    expect((await fetch(`http://127.0.0.1:${EXPRESS_PORT}/payments/broken`, { headers: bearer(key) })).status).toBe(502);
    await latchkey.flush();
    expect(latchkey.pendingReports).toBe(0);
    // The key's one call: verified (recorded as the expected 200), then reported 502.
    const landed = await waitFor(async () => (await usageOf(keyId)).errors === 1, 10_000);
    const usage = await usageOf(keyId);
    expect(landed).toBe(true);
    expect({ total: usage.total, successes: usage.successes, errors: usage.errors }).toEqual({
      total: 1,
      successes: 0,
      errors: 1,
    });
    expect(usage.topRoutes.map((route) => route.route)).toContain("/payments/broken");
  });

  it("are answered per event: applied or pending, then duplicate", async () => {
    const key = await issue("payments:read");
    const { eventId } = await latchkey.verify({ key, method: "GET", path: "/v1/payments/7" });
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    const [first] = await latchkey.sendReports([{ eventId: eventId!, status: 201, latencyMs: 15 }]);
    expect(["applied", "pending"]).toContain(first.result);
    const answered = await waitFor(
      async () => (await latchkey.sendReports([{ eventId: eventId!, status: 201, latencyMs: 15 }]))[0].result === "duplicate",
      10_000,
    );
    expect(answered).toBe(true);
  });
});

describe("the published build", () => {
  it("compiles with tsc (NodeNext) and verifies from dist/ as an installed package would", async () => {
    const outDir = path.join(tmpdir(), `latchkey-client-dist-${randomUUID()}`);
    try {
      await run("npx", ["tsc", "-p", "packages/client/tsconfig.build.json", "--outDir", outDir], { timeout: 60_000 });
      const built = await import(pathToFileURL(path.join(outDir, "index.js")).href);
      const client = built.createLatchkey({ baseUrl: server.url, platformKey });
      const key = await issue("payments:read");
      expect(await client.verify({ key, scopes: ["payments:read"] })).toMatchObject({ valid: true, code: "valid" });
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});

describe("the README's examples", () => {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(readme.indexOf("### Verify from any language"), readme.indexOf("## Plans and admins"));
  const block = (language: string) => {
    const fence = "```";
    const found = new RegExp(`${fence}${language}\\n([\\s\\S]*?)${fence}`).exec(section)?.[1];
    if (!found) throw new Error(`no ${language} example under "Verify from any language"`);
    return found;
  };

  async function runExample(language: "sh" | "js" | "python", key: string) {
    const file = path.join(tmpdir(), `latchkey-readme-${randomUUID()}.${language === "js" ? "mjs" : language}`);
    writeFileSync(file, block(language));
    const command = { sh: "sh", js: "node", python: "python3" }[language];
    try {
      const { stdout } = await run(command, [file], {
        env: { ...process.env, LATCHKEY_URL: server.url, LATCHKEY_PLATFORM_KEY: platformKey, KEY: key },
        timeout: 20_000,
      });
      return stdout.trim();
    } finally {
      rmSync(file, { force: true });
    }
  }

  it("verify a key with curl, JavaScript and Python as written", async () => {
    const key = await issue("payments:read");
    const keyId = keyIdOf(key);
    expect(JSON.parse(await runExample("sh", key))).toMatchObject({ valid: true, code: "valid", keyId });
    expect(await runExample("js", key)).toBe(`valid: key ${keyId}`);
    expect(await runExample("python", key)).toBe(`valid: key ${keyId}`);

    const narrow = await issue("customers:read");
    expect(JSON.parse(await runExample("sh", narrow))).toMatchObject({ valid: false, code: "insufficient_scope" });
    expect(await runExample("js", narrow)).toBe("refused: insufficient_scope");
    expect(await runExample("python", narrow)).toBe("refused: insufficient_scope");
  });
});
