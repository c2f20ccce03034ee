import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Agent, request as httpRequest } from "node:http";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, createDatabase, issueKey, startInstance, waitFor } from "../../scripts/lib/instances.mjs";
import { cpuSeconds } from "../../bench/saturation.mjs";

// One production server with WEB_CONCURRENCY=2 (lib/ops/workers.mjs): a primary and two workers sharing the port. No
// Redis: the rate limit is counted by the primary for both workers.
type Instance = Awaited<ReturnType<typeof startInstance>>;
let database: Awaited<ReturnType<typeof createDatabase>>;
let env: Record<string, string>;
let server: Instance;
let journalDir: string;
let sql: postgres.Sql;
const owner = `workers-${randomUUID().slice(0, 8)}@test.latchkey.local`;
const metricsToken = randomUUID() + randomUUID();
// Many connections at once, so that requests reach both workers (each connection stays with the worker it reached).
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
/** GET /api/v1/me's status; 0 when no answer came (the connection was cut or refused). */
function me(secret: string, localAddress?: string): Promise<number> {
  const url = new URL(server.url);
  return new Promise((resolve) => {
    const sent = httpRequest(
      { host: url.hostname, port: url.port, path: "/api/v1/me", headers: bearer(secret), agent, localAddress },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", () => resolve(0));
      },
    );
    sent.on("error", () => resolve(0));
    sent.end();
  });
}
const burst = (secret: string, count: number, localAddress?: string) =>
  Promise.all(Array.from({ length: count }, () => me(secret, localAddress)));
const workerPids = () =>
  execFileSync("ps", ["-o", "pid=", "--ppid", String(server.pid)], { encoding: "utf8" })
    .split("\n")
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
const usageRows = async (keyId: string) =>
  (await sql<{ n: number }[]>`select count(*)::int as n from usage_events where key_id = ${keyId}`)[0].n;

beforeAll(async () => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("These tests run a production build: run `npm run build` first.");
  database = await createDatabase("latchkey_workers");
  journalDir = mkdtempSync(path.join(tmpdir(), "latchkey-workers-journal-"));
  env = baseEnv(database.url, { WEB_CONCURRENCY: "2", USAGE_JOURNAL_DIR: journalDir, METRICS_TOKEN: metricsToken });
  server = await startInstance({ port: 3281, env });
  // Ready means the first worker is; the second joins once it has started too.
  expect(await waitFor(async () => /ready \(worker \d+\)[\s\S]*ready \(worker \d+\)/.test(server.output()), 60_000)).toBe(true);
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await sql?.end();
  agent.destroy();
  await database?.drop();
  rmSync(journalDir, { recursive: true, force: true });
});

describe("WEB_CONCURRENCY workers", () => {
  it("run one worker per WEB_CONCURRENCY, and both serve", async () => {
    const workers = workerPids();
    expect(workers).toHaveLength(2);
    const secret = await issueKey(env, { email: owner, scopes: "keys:read", rateLimit: "10000/minute", name: "Busy" });
    const before = workers.map(cpuSeconds);
    const statuses = [];
    for (let round = 0; round < 10; round++) statuses.push(...(await burst(secret, 50)));
    expect(statuses.every((status) => status === 200)).toBe(true);
    // Each worker's CPU time grew: each answered part of the 500.
    const used = workers.map((pid, i) => cpuSeconds(pid) - before[i]);
    expect(used.every((seconds) => seconds > 0)).toBe(true);
  });

  it("keep one exact rate limit: 60 parallel requests on a key limited to 10 a minute give exactly 10 successes", async () => {
    const secret = await issueKey(env, { email: owner, scopes: "keys:read", rateLimit: "10/minute", name: "Limited" });
    const statuses = await burst(secret, 60);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(50);
  });

  it("refuse a revoked key on every worker within one second", async () => {
    const manager = await issueKey(env, { email: owner, scopes: "keys:read,keys:write", name: "Manager" });
    const target = await issueKey(env, { email: owner, scopes: "keys:read", rateLimit: "10000/minute", name: "Target" });
    // Cached by both workers.
    expect((await burst(target, 40)).every((status) => status === 200)).toBe(true);
    const { id } = await (await fetch(`${server.url}/api/v1/me`, { headers: bearer(target) })).json();
    const revoked = await fetch(`${server.url}/api/v1/keys/${id}`, { method: "DELETE", headers: bearer(manager) });
    expect(revoked.status).toBe(200);
    const since = Date.now();
    // Refused: 401, or 429 once the address has failed often enough (the auth throttle counts every refusal). From an
    // address of its own, so that the throttle leaves the other tests' address alone.
    const refused = (statuses: number[]) => statuses.every((status) => status === 401 || status === 429);
    const fromElsewhere = "127.0.0.2";
    expect(await waitFor(async () => refused(await burst(target, 20, fromElsewhere)), 5_000)).toBe(true);
    expect(Date.now() - since).toBeLessThanOrEqual(1_000);
    expect(refused(await burst(target, 40, fromElsewhere))).toBe(true);
  });

  it("replace a worker that dies, and keep the usage it had acknowledged", async () => {
    const secret = await issueKey(env, { email: owner, scopes: "keys:read", rateLimit: "10000/minute", name: "Survivor" });
    // No limit in the way: a refusal is an event too, and this counts answers, not successes.
    await sql`update api_keys set rate_limit = 1000000000 where name = 'Survivor'`;
    const { id } = await (await fetch(`${server.url}/api/v1/me`, { headers: bearer(secret) })).json();
    // Every answered call is an event; a call whose answer was cut off by the kill may be one too (it was handled).
    let answered = 1;
    let cut = 0;
    const counted = async (count: number) => {
      const statuses = await burst(secret, count);
      answered += statuses.filter((status) => status !== 0).length;
      cut += statuses.filter((status) => status === 0).length;
      return statuses;
    };
    const [victim] = workerPids();
    // Requests in flight on both workers while one is killed.
    const load = (async () => {
      const deadline = Date.now() + 2_500;
      while (Date.now() < deadline) await counted(16);
    })();
    await new Promise((resolve) => setTimeout(resolve, 800));
    process.kill(victim, "SIGKILL");
    await load;

    expect(
      await waitFor(async () => {
        const pids = workerPids();
        return pids.length === 2 && !pids.includes(victim);
      }, 60_000),
    ).toBe(true);
    // The replacement serves once ready; the survivor served all along.
    expect(await waitFor(async () => (await counted(20)).every((status) => status === 200), 60_000)).toBe(true);
    // The killed worker's journal is adopted by a sibling (untouched for 5 s) and replayed; nothing counted twice.
    expect(await waitFor(async () => (await usageRows(id)) >= answered, 20_000)).toBe(true);
    expect(await usageRows(id)).toBeLessThanOrEqual(answered + cut);
  }, 120_000);

  it("add up every worker's metrics, whichever worker is scraped", async () => {
    const secret = await issueKey(env, { email: owner, scopes: "keys:read", rateLimit: "10000/minute", name: "Counted" });
    const served = async () => {
      const text = await (await fetch(`${server.url}/api/metrics`, { headers: bearer(metricsToken) })).text();
      return Number(/latchkey_lean_path_requests_total\{route="GET \/api\/v1\/me"\} (\d+)/.exec(text)?.[1] ?? Number.NaN);
    };
    const before = await served();
    const statuses = [];
    for (let round = 0; round < 4; round++) statuses.push(...(await burst(secret, 50)));
    expect(statuses.every((status) => status === 200)).toBe(true);
    // Each scrape reaches one worker; both answer with the sum, which counts both workers' requests.
    expect(await served()).toBe(before + 200);
    expect(await served()).toBe(before + 200);
  });

  it("on SIGTERM stop every worker after its requests, with all their usage written", async () => {
    const secret = await issueKey(env, { email: owner, scopes: "keys:read", rateLimit: "10000/minute", name: "Last" });
    const { id } = await (await fetch(`${server.url}/api/v1/me`, { headers: bearer(secret) })).json();
    let acknowledged = 1;
    let sent = 1;
    const load = (async () => {
      for (;;) {
        const statuses = await burst(secret, 16);
        sent += 16;
        acknowledged += statuses.filter((status) => status === 200).length;
        if (statuses.every((status) => status === 0)) return;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await server.stop("SIGTERM")).toBe(0);
    await load;
    expect(acknowledged).toBeGreaterThan(16);
    // Written before the processes exited: nothing waits in a journal for a later start.
    // (A request whose answer the client never saw may be counted too: it was handled.)
    const rows = await usageRows(id);
    expect(rows).toBeGreaterThanOrEqual(acknowledged);
    expect(rows).toBeLessThanOrEqual(sent);
    expect(readdirSync(journalDir)).toEqual([]);
  }, 60_000);

  it("stop, flushing their usage, when their primary is killed", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "latchkey-orphans-journal-"));
    const orphaned = await startInstance({ port: 3282, env: { ...env, USAGE_JOURNAL_DIR: dir } });
    try {
      expect(await waitFor(async () => /ready \(worker \d+\)[\s\S]*ready \(worker \d+\)/.test(orphaned.output()), 60_000)).toBe(
        true,
      );
      const workers = execFileSync("ps", ["-o", "pid=", "--ppid", String(orphaned.pid)], { encoding: "utf8" })
        .split("\n")
        .map((line) => Number(line.trim()))
        .filter((pid) => pid > 0);
      expect(workers).toHaveLength(2);
      const secret = await issueKey(env, { email: owner, scopes: "keys:read", rateLimit: "10000/minute", name: "Orphaned" });
      const me = () => fetch(`${orphaned.url}/api/v1/me`, { headers: bearer(secret) });
      const { id } = await (await me()).json();
      let acknowledged = 1;
      for (let i = 0; i < 40; i++) if ((await me()).status === 200) acknowledged++;

      process.kill(orphaned.pid, "SIGKILL");
      const alive = (pid: number) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      expect(await waitFor(async () => workers.every((pid) => !alive(pid)), 30_000)).toBe(true);
      // Each wrote what it had before exiting: nothing waits in a journal.
      expect(await usageRows(id)).toBe(acknowledged);
      expect(readdirSync(dir)).toEqual([]);
      expect(orphaned.output()).not.toMatch(/ERR_IPC_CHANNEL_CLOSED|uncaught/i);
    } finally {
      await orphaned.stop("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
