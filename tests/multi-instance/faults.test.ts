import { existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { baseEnv, createDatabase, issueKey, startInstance, waitFor } from "../../scripts/lib/instances.mjs";

// Faults against a real production server on its own database, which these tests take offline and bring back.
type Instance = Awaited<ReturnType<typeof startInstance>>;
let database: Awaited<ReturnType<typeof createDatabase>>;
let env: Record<string, string>;
let server: Instance;
// Started by a test; stopped in afterAll too, so that a failed assertion never leaves a server running.
let extra: Instance | undefined;

const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
const email = () => `faults-${randomUUID().slice(0, 8)}@test.latchkey.local`;

beforeAll(async () => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("These tests run a production build: run `npm run build` first.");
  database = await createDatabase("latchkey_faults");
  env = baseEnv(database.url);
  server = await startInstance({ port: 3241, env });
}, 180_000);

afterAll(async () => {
  await database?.bringBack().catch(() => {});
  await Promise.all([server?.stop(), extra?.stop()]);
  await database?.drop();
});

describe("the database stops and comes back", () => {
  it("answers 503 with Retry-After while it is away, loses no usage, and recovers without a restart", async () => {
    const owner = email();
    const known = await issueKey(env, { email: owner, scopes: "keys:read", name: "Known" });
    const unseen = await issueKey(env, { email: owner, scopes: "keys:read", name: "Unseen" });
    const knownMe = await (await fetch(`${server.url}/api/v1/me`, { headers: bearer(known) })).json();
    let acknowledged = 1;

    await database.takeOffline();
    // A key this instance has not verified cannot be checked now: refused with 503, never let through.
    const refused = await fetch(`${server.url}/api/v1/me`, { headers: bearer(unseen) });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await refused.json();
    expect(body).toEqual({ error: { code: "service_unavailable", message: expect.any(String) } });
    expect(JSON.stringify(body)).not.toMatch(/at |stack|ECONN|postgres/i);
    expect((await fetch(`${server.url}/api/health/ready`)).status).toBe(503);
    // A key verified moments ago is still served from the cache (no revocation can happen while the database is
    // away); its usage waits in the buffer.
    for (let i = 0; i < 5; i++) {
      if ((await fetch(`${server.url}/api/v1/me`, { headers: bearer(known) })).status === 200) acknowledged++;
    }

    await database.bringBack();
    const recovered = await waitFor(
      async () => (await fetch(`${server.url}/api/v1/me`, { headers: bearer(unseen) })).status === 200,
      15_000,
    );
    expect(recovered).toBe(true);
    expect((await fetch(`${server.url}/api/health/ready`)).status).toBe(200);
    // What was buffered during the outage is written once the database is back.
    const sql = postgres(database.url, { max: 1 });
    const written = await waitFor(async () => {
      const [{ count }] = await sql`select count(*)::int as count from usage_events where key_id = ${knownMe.id}`;
      return count === acknowledged;
    }, 10_000);
    await sql.end();
    expect(written).toBe(true);
  }, 90_000);
});

describe("a slow database", () => {
  it("makes requests fail within the stated budget (503) instead of piling up, and recovers", async () => {
    const unseen = await issueKey(env, { email: email(), scopes: "keys:read", name: "Slow" });
    // Another session holds the key lookups' table: every lookup waits on it.
    const blocker = postgres(database.url, { max: 1 });
    const release = blocker.begin(async (sql) => {
      await sql`lock table api_key_secrets in access exclusive mode`;
      await new Promise((resolve) => setTimeout(resolve, 8_000));
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => fetch(`${server.url}/api/v1/me`, { headers: bearer(unseen) }).then((r) => r.status)),
    );
    const elapsed = performance.now() - started;
    expect(answers).toEqual([503, 503, 503, 503, 503]);
    // lock_timeout is 3 s: well inside the 8 s the lock is held.
    expect(elapsed).toBeLessThan(5_000);
    await release;
    await blocker.end();
    expect((await fetch(`${server.url}/api/v1/me`, { headers: bearer(unseen) })).status).toBe(200);
  }, 60_000);
});

describe("SIGTERM under load", () => {
  it("finishes the requests in flight, flushes their usage and exits; every acknowledged request is counted", async () => {
    const instance = (extra = await startInstance({ port: 3242, env }));
    const secret = await issueKey(env, { email: email(), scopes: "keys:read", rateLimit: "10000/minute" });
    const me = await (await fetch(`${instance.url}/api/v1/me`, { headers: bearer(secret) })).json();
    let acknowledged = 1;
    let stopping = false;
    const workers = Array.from({ length: 8 }, async () => {
      while (!stopping) {
        try {
          const response = await fetch(`${instance.url}/api/v1/me`, { headers: bearer(secret) });
          if (response.status === 200) acknowledged++;
        } catch {
          return; // the server has stopped taking connections
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const exit = instance.stop("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    stopping = true;
    await Promise.all(workers);
    expect(await exit).toBe(0);
    const sql = postgres(database.url, { max: 1 });
    const [{ count }] = await sql`select count(*)::int as count from usage_events where key_id = ${me.id}`;
    await sql.end();
    expect(acknowledged).toBeGreaterThan(50);
    expect(count).toBe(acknowledged);
  }, 60_000);
});
