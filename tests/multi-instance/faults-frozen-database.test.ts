import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { type Browser, chromium } from "@playwright/test";
import { baseEnv, issueKey, startInstance, waitFor } from "../../scripts/lib/instances.mjs";
import { type PrivateCluster, startPrivateCluster } from "../../scripts/lib/private-cluster.mjs";

// A database that stops answering without going away: every PostgreSQL process of a private cluster is stopped
// (SIGSTOP), so connections stay open and nothing answers, as with a stalled host. The database's own timeouts cannot
// act then; the app's deadline must. The shared server is never touched.
const CLUSTER_PORT = 55432;
const SERVER_PORT = 3300;
// The README's promise: with the database unreachable, a request is answered within 5 s.
const BUDGET_MS = 5_000;
// Room for a busy test machine; a request that waited for the thaw would take the whole freeze.
const MARGIN_MS = 1_000;
const FREEZE_MS = 10_000;

type Instance = Awaited<ReturnType<typeof startInstance>>;
let cluster: PrivateCluster | undefined;
let server: Instance | undefined;
let sql: postgres.Sql | undefined;
let browser: Browser | undefined;
let env: Record<string, string>;

const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
const newKey = (name: string) => ({ name, scopes: ["keys:read"], environment: "test", rateLimit: 60, rateLimitWindow: "minute" });

/** Signs in through Auth.js's own endpoints, as a browser would, and returns the session cookie. */
async function signIn(url: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${url}/keys` }),
  });
  const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in failed: ${response.status}`);
  return session.split(";")[0];
}

/** Sends a request and measures how long its answer (body included) took. */
async function timed(url: string, init: RequestInit = {}) {
  const started = performance.now();
  const response = await fetch(url, { ...init, redirect: "manual" });
  const body = await response.text();
  return { status: response.status, headers: response.headers, body, ms: performance.now() - started };
}

beforeAll(async () => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("These tests run a production build: run `npm run build` first.");
  cluster = await startPrivateCluster({ port: CLUSTER_PORT });
  const admin = postgres(cluster.url(), { max: 1, onnotice: () => {} });
  await admin.unsafe("create database latchkey");
  await admin.end();
  // The demo accounts give the test a password to sign in to the dashboard with.
  env = baseEnv(cluster.url("latchkey"), { SEED_DEMO: "1" });
  [server, browser] = await Promise.all([
    startInstance({ port: SERVER_PORT, env }),
    chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" }),
  ]);
  sql = postgres(cluster.url("latchkey"), { max: 1, onnotice: () => {} });
}, 180_000);

afterAll(async () => {
  // In this order: a frozen cluster would hold the server's shutdown (its usage flush) and our own connection.
  cluster?.thaw();
  await sql?.end({ timeout: 1 }).catch(() => {});
  await browser?.close();
  await server?.stop();
  await cluster?.remove();
}, 60_000);

describe("a database that stops answering (frozen, not down)", () => {
  it("is answered within the budget on every path, lets nothing through, commits nothing it refused, and recovers", async () => {
    if (!server || !cluster || !sql) throw new Error("not started");
    const url = server.url;
    const owner = "frozen-owner@test.latchkey.local";
    const [manager, unseen] = await Promise.all([
      issueKey(env, { email: owner, scopes: "keys:read,keys:write", name: "Manager" }),
      issueKey(env, { email: "frozen-other@test.latchkey.local", scopes: "keys:read", name: "Unseen" }),
    ]);
    const cookie = await signIn(url, "alice@example.com", "latchkey-alice-demo");
    const cookieName = cookie.slice(0, cookie.indexOf("="));
    const context = await browser!.newContext();
    await context.addCookies([{ name: cookieName, value: cookie.slice(cookieName.length + 1), url }]);
    const page = await context.newPage();
    expect((await page.goto(`${url}/keys`))?.status()).toBe(200);
    const keysHeading = page.getByRole("heading", { name: "API keys" });
    await keysHeading.waitFor();
    const me = await fetch(`${url}/api/v1/me`, { headers: bearer(manager) });
    expect(me.status).toBe(200);
    const managerId = ((await me.json()) as { id: string }).id;
    // Every answer to a request with the manager key is usage of it, the refusals included.
    let managerAnswers = 1;
    const managed = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
      timed(`${url}/api/v1${path}`, {
        method: "POST",
        headers: { ...bearer(manager), "Content-Type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    // A key for the switch to try while frozen; and one submission's token, sent while frozen and again after.
    const target = await managed("/keys", newKey("Target"));
    managerAnswers++;
    expect(target.status).toBe(201);
    const targetId = (JSON.parse(target.body) as { key: { id: string } }).key.id;
    const submission = { "Idempotency-Key": `frozen-${Date.now()}` };

    cluster.freeze();
    // The thaw comes on its own schedule, whatever the requests do: a request that waits for it answers late.
    const thaw = new Promise<void>((resolve) =>
      setTimeout(() => {
        cluster?.thaw();
        resolve();
      }, FREEZE_MS),
    );
    try {
      const [unknownKey, creation, pageAnswer, cached, pageInBrowser, disabling] = await Promise.all([
        timed(`${url}/api/v1/me`, { headers: bearer(unseen) }),
        managed("/keys", newKey("Made while frozen"), submission),
        timed(`${url}/keys`, { headers: { Cookie: cookie } }),
        timed(`${url}/api/v1/me`, { headers: bearer(manager) }),
        page.goto(`${url}/keys`),
        managed(`/keys/${targetId}/disable`),
      ]);
      // Answered before the thaw: by the app's deadline, not by a database that came back.
      const answeredWhileFrozen = cluster.frozen;
      managerAnswers += 3;

      // A key this instance has not verified cannot be checked: refused with 503, never let through.
      expect(unknownKey.status).toBe(503);
      expect(JSON.parse(unknownKey.body)).toEqual({ error: { code: "service_unavailable", message: expect.any(String) } });
      expect(Number(unknownKey.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(unknownKey.ms).toBeLessThan(BUDGET_MS + MARGIN_MS);

      expect(creation.status).toBe(503);
      expect(JSON.parse(creation.body)).toMatchObject({ error: { code: "service_unavailable" } });
      expect(Number(creation.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(creation.ms).toBeLessThan(BUDGET_MS + MARGIN_MS);

      // A dashboard page fails within the budget too, and shows the error page that tries again by itself.
      expect(pageAnswer.status).toBeGreaterThanOrEqual(500);
      expect(pageAnswer.ms).toBeLessThan(BUDGET_MS + MARGIN_MS);
      expect(pageInBrowser?.status()).toBeGreaterThanOrEqual(500);
      await page.getByRole("alert").filter({ hasText: "This page could not be loaded" }).waitFor({ timeout: 5_000 });

      // The switch fails as every change does: 503 within the budget.
      expect(disabling.status).toBe(503);
      expect(disabling.ms).toBeLessThan(BUDGET_MS + MARGIN_MS);

      // A key verified moments ago is served from this instance's memory (no revocation can commit meanwhile).
      expect(cached.status).toBe(200);

      expect(answeredWhileFrozen).toBe(true);
    } finally {
      await thaw;
    }

    // Everything works again, without a restart; the error page comes back by itself, without a reload.
    await keysHeading.waitFor({ timeout: 15_000 });
    const recovered = await waitFor(
      async () => (await timed(`${url}/api/v1/me`, { headers: bearer(unseen) })).status === 200,
      15_000,
    );
    expect(recovered).toBe(true);
    await context.close();
    expect((await timed(`${url}/keys`, { headers: { Cookie: cookie } })).status).toBe(200);
    // The submission refused while frozen did not claim its token: sent again, it makes its key, once.
    expect((await managed("/keys", newKey("Made while frozen"), submission)).status).toBe(201);
    expect((await managed("/keys", newKey("Made while frozen"), submission)).status).toBe(409);
    // The disable that failed did not land later: the key still works.
    const shown = await timed(`${url}/api/v1/keys/${targetId}`, { headers: bearer(manager) });
    expect(JSON.parse(shown.body)).toMatchObject({ id: targetId, disabledAt: null, status: "active" });
    managerAnswers += 3;
    const created = await managed("/keys", newKey("Made after the thaw"));
    managerAnswers++;
    expect(created.status).toBe(201);
    expect((await timed(`${url}/api/health/ready`)).status).toBe(200);

    // The creation the client was told had failed did not happen later either.
    const names = await sql<{ name: string }[]>`
      select k.name from api_keys k join users u on u.id = k.account_id where u.email = ${owner} order by k.created_at`;
    expect(names.map((row) => row.name)).toEqual(["Manager", "Target", "Made while frozen", "Made after the thaw"]);

    // Usage answered while frozen was kept and written once the database was back: none lost, none twice.
    const usageOf = async () =>
      (await sql!<{ count: number }[]>`select count(*)::int as count from usage_events where key_id = ${managerId}`)[0].count;
    expect(await waitFor(async () => (await usageOf()) === managerAnswers, 10_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await usageOf()).toBe(managerAnswers);
  }, 90_000);
});
