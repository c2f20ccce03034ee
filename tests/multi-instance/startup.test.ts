import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { adminDatabaseUrl, baseEnv, createDatabase, spawnInstance, waitFor } from "../../scripts/lib/instances.mjs";

// How a production server starts: what it refuses before it listens, and what it answers until it is ready.
type Instance = Awaited<ReturnType<typeof spawnInstance>>;
const started: Instance[] = [];
const admin = postgres(adminDatabaseUrl, { max: 1, onnotice: () => {} });

async function spawn(port: number, env: Record<string, string>) {
  const instance = await spawnInstance({ port, env });
  started.push(instance);
  return instance;
}
const statusOf = (url: string) =>
  fetch(url).then(
    (r) => r.status,
    () => 0,
  );
/** Resolves with the exit code, or "running" if the process is still up after the wait. */
const exitWithin = (instance: Instance, ms: number) =>
  Promise.race([instance.exited(), new Promise((resolve) => setTimeout(() => resolve("running"), ms))]);

beforeAll(() => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("These tests run a production build: run `npm run build` first.");
});

afterAll(async () => {
  await Promise.all(started.map((instance) => instance.stop("SIGKILL")));
  await admin.end();
});

describe("a bad setting", () => {
  it("stops the server before it listens, exiting non-zero and naming every variable at fault", async () => {
    const instance = await spawn(3341, {
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/unused",
      METRICS_TOKEN: "short",
      LOG_LEVEL: "loud",
    });
    expect(await exitWithin(instance, 20_000)).toBe(1);
    const output = instance.output();
    expect(output).toContain("Invalid environment");
    expect(output).toMatch(/METRICS_TOKEN: must be at least 32 characters/);
    expect(output).toMatch(/LOG_LEVEL: must be one of/);
    expect(output).toMatch(/AUTH_SECRET: must be set when DATABASE_URL is set/);
    expect(output).not.toContain("listening");
    expect(await statusOf("http://127.0.0.1:3341/api/health/live")).toBe(0);
  }, 30_000);
});

describe("a start-up that cannot succeed", () => {
  it("exits non-zero instead of answering 500 to everything", async () => {
    // A data folder that can never be made: nothing about it will change by waiting.
    const instance = await spawn(3342, { PGLITE_DATA_DIR: "/dev/null/pglite", USAGE_JOURNAL_DIR: "off" });
    expect(await exitWithin(instance, 60_000)).toBe(1);
    expect(instance.output()).toContain("start-up failed");
  }, 70_000);
});

describe("a database that is not there yet at start", () => {
  let database: Awaited<ReturnType<typeof createDatabase>> | undefined;
  const name = () => new URL(database!.url).pathname.slice(1);
  afterAll(async () => {
    if (!database) return;
    await admin.unsafe(`alter database ${name()} with allow_connections true`).catch(() => {});
    await database.drop();
  });

  it("answers 503 with Retry-After meanwhile (liveness 200), keeps retrying, and is ready once it comes", async () => {
    database = await createDatabase("latchkey_startup");
    await admin.unsafe(`alter database ${name()} with allow_connections false`);
    const instance = await spawn(3343, baseEnv(database.url));
    const url = instance.url;
    expect(await waitFor(async () => (await statusOf(`${url}/api/health/live`)) === 200, 60_000)).toBe(true);

    const ready = await fetch(`${url}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect(Number(ready.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await ready.json()).toMatchObject({ status: "unavailable" });

    const api = await fetch(`${url}/api/v1/me`, { headers: { Authorization: "Bearer lk_live_x" } });
    expect(api.status).toBe(503);
    expect(Number(api.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await api.json()).toEqual({ error: { code: "service_unavailable", message: expect.any(String) } });

    const page = await fetch(`${url}/sign-in`);
    expect(page.status).toBe(503);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(0);

    // It waits rather than giving up; once the database takes connections it migrates and serves.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(instance.exitCode()).toBeNull();
    await admin.unsafe(`alter database ${name()} with allow_connections true`);
    expect(await waitFor(async () => (await statusOf(`${url}/api/health/ready`)) === 200, 45_000)).toBe(true);
    const served = await fetch(`${url}/api/v1/me`);
    expect(served.status).toBe(401);
    expect(instance.output()).toContain("database unreachable at start-up; retrying");
    expect(await instance.stop("SIGTERM")).toBe(0);
  }, 120_000);
});
