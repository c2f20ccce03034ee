import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import Redis from "ioredis";
import { baseEnv, issueKey, startInstance, waitFor } from "../../scripts/lib/instances.mjs";
import { type PrivateCluster, startPrivateCluster } from "../../scripts/lib/private-cluster.mjs";

// Faults of the services behind an instance, each on a private copy so that the shared ones are never touched: the
// database stopped and started again as an operator's restart does, and Redis killed and brought back.
type Instance = Awaited<ReturnType<typeof startInstance>>;
const CLUSTER_PORT = 55436;
const REDIS_PORT = 6391;
const BUDGET_MS = 5_000;
let cluster: PrivateCluster;
let databaseUrl: string;
let redis: ChildProcess | undefined;
const started: Instance[] = [];

const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
const email = () => `restart-${randomUUID().slice(0, 8)}@test.latchkey.local`;

function startRedis(): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  return waitFor(() => redisAnswers(), 10_000).then((up) => {
    if (!up) throw new Error(`redis-server did not start on ${REDIS_PORT}`);
    return child;
  });
}

async function redisAnswers(): Promise<boolean> {
  const client = new Redis({
    port: REDIS_PORT,
    host: "127.0.0.1",
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // A refused connection is the answer being looked for, not an error to report.
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function killRedis() {
  const child = redis;
  redis = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

async function timed(url: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(url, { headers });
  const body = await response.text();
  return { status: response.status, headers: response.headers, body, ms: performance.now() - started };
}

/** Accepted calls written for a key, as events and as its request count, once the buffer has been written. */
async function usageOf(keyName: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`
      select count(e.*) filter (where not e.refused)::int as rows, k.request_count::int as requests
      from api_keys k left join usage_events e on e.key_id = k.id where k.name = ${keyName} group by k.id`;
    return { rows: row.rows as number, requests: row.requests as number };
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("These tests run a production build: run `npm run build` first.");
  cluster = await startPrivateCluster({ port: CLUSTER_PORT });
  const admin = postgres(cluster.url(), { max: 1, onnotice: () => {} });
  await admin.unsafe("create database latchkey_restart");
  await admin.end();
  databaseUrl = cluster.url("latchkey_restart");
  redis = await startRedis();
}, 120_000);

afterAll(async () => {
  await Promise.all(started.map((instance) => instance.stop("SIGKILL")));
  await killRedis();
  await cluster?.remove();
});

describe("the database stopped and started again (pg_ctl stop -m fast, then start)", () => {
  it("answers 503 within the budget while it is down, serves verified keys, recovers without a restart, loses no usage", async () => {
    const env = baseEnv(databaseUrl);
    const server = await startInstance({ port: 3261, env });
    started.push(server);
    const owner = email();
    const known = await issueKey(env, { email: owner, scopes: "keys:read", name: "Known" });
    const unseen = await issueKey(env, { email: owner, scopes: "keys:read", name: "Unseen" });
    let acknowledged = 0;
    if ((await timed(`${server.url}/api/v1/me`, bearer(known))).status === 200) acknowledged++;

    await cluster.stop();
    const refused = await timed(`${server.url}/api/v1/me`, bearer(unseen));
    expect(refused.status).toBe(503);
    expect(refused.ms).toBeLessThan(BUDGET_MS);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(JSON.parse(refused.body)).toEqual({ error: { code: "service_unavailable", message: expect.any(String) } });
    expect((await timed(`${server.url}/api/health/ready`)).status).toBe(503);
    for (let i = 0; i < 5; i++) {
      if ((await timed(`${server.url}/api/v1/me`, bearer(known))).status === 200) acknowledged++;
    }

    await cluster.start();
    const recovered = await waitFor(async () => (await timed(`${server.url}/api/v1/me`, bearer(unseen))).status === 200, 20_000);
    expect(recovered).toBe(true);
    expect((await timed(`${server.url}/api/health/ready`)).status).toBe(200);
    // Everything acknowledged while the database was down is written once it is back: no more, no less.
    expect(await waitFor(async () => (await usageOf("Known")).rows >= acknowledged, 15_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await usageOf("Known")).toEqual({ rows: acknowledged, requests: acknowledged });
  }, 90_000);
});

describe("Redis killed and brought back", () => {
  it("keeps answering and limiting (per instance) while it is gone, stays ready, and counts in Redis again once it is back", async () => {
    const env = baseEnv(databaseUrl, { REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}` });
    const server = await startInstance({ port: 3262, env });
    started.push(server);
    const owner = email();
    const busy = await issueKey(env, { email: owner, scopes: "keys:read", name: "Busy", rateLimit: "600/minute" });
    const limited = await issueKey(env, { email: owner, scopes: "keys:read", name: "Limited", rateLimit: "3/minute" });
    let acknowledged = 0;
    for (let i = 0; i < 3; i++) if ((await timed(`${server.url}/api/v1/me`, bearer(busy))).status === 200) acknowledged++;

    await killRedis();
    const whileGone = [];
    for (let i = 0; i < 5; i++) whileGone.push(await timed(`${server.url}/api/v1/me`, bearer(busy)));
    expect(whileGone.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    acknowledged += whileGone.length;
    expect(Math.max(...whileGone.map((answer) => answer.ms))).toBeLessThan(BUDGET_MS);
    // The limit still holds, counted by this instance alone.
    const limitedStatuses = [];
    for (let i = 0; i < 5; i++) limitedStatuses.push((await timed(`${server.url}/api/v1/me`, bearer(limited))).status);
    expect(limitedStatuses).toEqual([200, 200, 200, 429, 429]);
    // Redis has a fallback, so its absence does not take the instance out of rotation; readiness says it is missing.
    const ready = await timed(`${server.url}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body).checks.redis).toBe("unavailable");

    redis = await startRedis();
    const counting = new Redis({ port: REDIS_PORT, host: "127.0.0.1" });
    counting.on("error", () => {});
    try {
      const back = await waitFor(async () => {
        if ((await timed(`${server.url}/api/v1/me`, bearer(busy))).status === 200) acknowledged++;
        return (await counting.keys("latchkey:*")).length > 0;
      }, 20_000);
      expect(back).toBe(true);
    } finally {
      counting.disconnect();
    }
    expect(JSON.parse((await timed(`${server.url}/api/health/ready`)).body).checks.redis).toBe("ok");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await usageOf("Busy")).toEqual({ rows: acknowledged, requests: acknowledged });
  }, 90_000);
});
