// Real server processes for the multi-instance tests and the benchmarks: a throw-away database, keys issued through
// the CLI, and `node server.mjs` instances started and stopped like a deployment would.
import { spawn, execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";

const root = path.resolve(import.meta.dirname, "..", "..");
const run = promisify(execFile);

export const adminDatabaseUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export async function createDatabase(prefix) {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async takeOffline() {
      await admin.unsafe(`alter database ${name} with allow_connections false`);
      await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
    },
    async bringBack() {
      await admin.unsafe(`alter database ${name} with allow_connections true`);
    },
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Issues a key through the CLI (creating its owner) and returns the secret. */
export async function issueKey(env, { email, scopes, rateLimit = "600/minute", name = "Test key" }) {
  const { stdout } = await run(
    "npx",
    // Test and benchmark owners are on the advanced plan: their keys need limits above what basic allows.
    [
      "tsx",
      "scripts/create-key.ts",
      "--email",
      email,
      "--scopes",
      scopes,
      "--rate-limit",
      rateLimit,
      "--name",
      name,
      "--create-owner",
      "--plan",
      "advanced",
    ],
    { cwd: root, env: { ...process.env, ...env, NODE_OPTIONS: "--conditions=react-server" } },
  );
  return stdout.trim();
}

/** Starts `node server.mjs` on a port and resolves once it is ready (start-up done: it answers 503 until then). */
export async function startInstance({ port, env }) {
  const instance = await spawnInstance({ port, env });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (instance.exitCode() !== null) throw new Error(`instance on ${port} exited:\n${instance.output()}`);
    try {
      if ((await fetch(`${instance.url}/api/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await instance.stop("SIGKILL");
      throw new Error(`instance on ${port} did not start:\n${instance.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return instance;
}

/** Starts `node server.mjs` on a port and returns at once, for tests that watch it start (or refuse to). */
export async function spawnInstance({ port, env }) {
  // A server left behind on this port (a crashed run) would answer in this one's place.
  const stale = await fetch(`http://127.0.0.1:${port}/api/health/live`).then(
    () => true,
    () => false,
  );
  if (stale) throw new Error(`port ${port} is already taken by another server; stop it first`);
  const child = spawn("node", ["server.mjs"], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: "production", PORT: String(port), HOSTNAME: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal)));
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    output: () => output,
    exitCode: () => child.exitCode ?? child.signalCode,
    /** Resolves with the exit code (or signal) once the process has ended, however it ended. */
    exited: () => exited,
    /** Sends the signal and waits for the process to exit; resolves with its exit code or signal. */
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export function baseEnv(databaseUrl, extra = {}) {
  return {
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    SEED_DEMO: "0",
    NEXT_TELEMETRY_DISABLED: "1",
    // One process per instance unless a test or benchmark asks for workers (the default is one per core).
    WEB_CONCURRENCY: "1",
    ...extra,
  };
}

/** Polls `check` every 100 ms until it answers true (then true) or the time is up (then false). */
export async function waitFor(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
