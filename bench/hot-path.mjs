#!/usr/bin/env node
// The hot path (issue: "verification outside the framework's per-request cost, every core used"): GET /api/v1/me and
// POST /api/v1/verify on the lean path, the gateway, against baselines measured in the same run:
//   - the floor: a plain node:http server that hashes the Authorization header (SHA-256) and looks it up in a Map;
//   - a bare framework route: GET /api/health/live (no key, no database);
//   - the same routes through the framework (LEAN_PATH=0), and with rate limits shared in Redis;
//   - calling the gateway's upstream directly.
// Production build, one worker per instance unless said, a private PostgreSQL 15 cluster of its own (so that its CPU
// can be counted: total CPU per request is the server's plus Postgres's), interleaved rounds. Then: requests per
// second with 1 worker and with one per core; the cache miss (a key not yet cached: latency, and the statements it
// runs, from the cluster's statement log); RSS of a worker over a million requests.
//
//   npm run bench:hot-path [-- --no-build --seconds 5 --rounds 3 --connections 50 --rss-requests 1000000]
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as httpRequest, Agent } from "node:http";
import { availableParallelism } from "node:os";
import { crc32 } from "node:zlib";
import autocannon from "autocannon";
import baseX from "base-x";
import postgres from "postgres";
import { baseEnv, issueKey, redisUrl, startInstance } from "../scripts/lib/instances.mjs";
import { startPrivateCluster } from "../scripts/lib/private-cluster.mjs";
import { median, roundsOptions } from "./rounds-options.mjs";
import { answering, interleavedRounds, printMedians, clusterCpu } from "./saturation.mjs";

if (!process.argv.includes("--connections")) process.argv.push("--connections", "50");
const options = roundsOptions({ "rss-requests": { type: "string", default: "1000000" } });
const rssRequests = Number(options["rss-requests"]);
const CLUSTER_PORT = 5491;
const PORTS = { floor: 3331, lean: 3332, framework: 3333, redis: 3334, workers: 3335, upstream: 3336 };

/** The floor: node:http, SHA-256 of the Authorization header, a Map lookup, a small JSON answer. */
function startFloor(port, secret) {
  const hash = createHash("sha256").update(secret).digest("hex");
  const code = `
    const { createHash } = require("node:crypto");
    const keys = new Map([[${JSON.stringify(hash)}, { id: "key", scopes: ["payments:read"] }]]);
    require("node:http").createServer((q, s) => {
      const header = q.headers.authorization ?? "";
      const key = keys.get(createHash("sha256").update(header.slice(7)).digest("hex"));
      s.writeHead(key ? 200 : 401, { "content-type": "application/json" });
      s.end(JSON.stringify(key ? { valid: true, id: key.id, scopes: key.scopes } : { valid: false }));
    }).listen(${port}, "127.0.0.1")`;
  const child = spawn(process.execPath, ["-e", code], { stdio: "ignore" });
  return { pid: child.pid, url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/** The platform's own API behind the gateway, as small as the floor. */
function startUpstream(port) {
  const code = `require("node:http").createServer((q, s) => { q.resume(); q.on("end", () => { s.setHeader("content-type", "application/json"); s.end('{"payment":"ok"}'); }); }).listen(${port}, "127.0.0.1")`;
  const child = spawn(process.execPath, ["-e", code], { stdio: "ignore" });
  return { pid: child.pid, url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/**
 * CPU seconds of the whole private cluster: the postmaster (with the backends that have ended, which it has reaped)
 * and every live backend. Their CPU is part of each request's.
 */

/** The primary and its workers, for an instance started with WEB_CONCURRENCY above 1. */
function processTree(pid) {
  const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" });
  return [
    pid,
    ...children
      .split("\n")
      .map(Number)
      .filter((child) => child > 0),
  ];
}

// Keys as lib/keys/format.ts makes them: prefix, environment, 32 base62 characters, then a CRC32 in 6 base62 ones.
const base62 = baseX("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
function newSecret() {
  const random = base62.encode(randomBytes(32)).slice(0, 32).padEnd(32, "0");
  const head = `lk_live_${random}`;
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(head) >>> 0);
  return head + base62.encode(sum).replace(/^0+/, "").padStart(6, "0");
}

/** GET /api/v1/me with each secret once, one after another; answers each latency in ms. */
async function timeFirstCalls(url, secrets) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies = [];
  for (const secret of secrets) {
    const started = performance.now();
    const status = await new Promise((resolve, reject) => {
      const sent = httpRequest(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` }, agent }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode));
      });
      sent.on("error", reject);
      sent.end();
    });
    latencies.push(performance.now() - started);
    if (status !== 200) throw new Error(`cache-miss call answered ${status}`);
  }
  agent.destroy();
  return latencies;
}

/** `count` requests one after another on one kept-alive connection; answers each latency in ms. */
async function timeSequential({ url, headers = {} }, count) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const status = await new Promise((resolve, reject) => {
      const sent = httpRequest(url, { headers, agent }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode));
      });
      sent.on("error", reject);
      sent.end();
    });
    latencies.push(performance.now() - started);
    if (status !== 200) throw new Error(`${url} answered ${status}`);
  }
  agent.destroy();
  return latencies;
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;

async function main() {
  if (!options["no-build"]) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const cluster = await startPrivateCluster({ port: CLUSTER_PORT });
  const stoppers = [() => cluster.remove()];
  try {
    const admin = postgres(cluster.url(), { max: 1, onnotice: () => {} });
    await admin.unsafe("create database latchkey_bench");
    await admin.end();
    const databaseUrl = cluster.url("latchkey_bench");
    const env = { ...baseEnv(databaseUrl), LOG_LEVEL: "warn", GATEWAY_ALLOW_PRIVATE_UPSTREAMS: "127.0.0.0/8" };
    const start = async (port, extra = {}) => {
      const instance = await startInstance({ port, env: { ...env, ...extra } });
      stoppers.push(() => instance.stop());
      return instance;
    };
    const lean = await start(PORTS.lean);
    const platform = await issueKey(env, { email: "platform@bench.local", scopes: "keys:verify", rateLimit: "10000/minute" });
    const client = await issueKey(env, { email: "client@bench.local", scopes: "payments:read", rateLimit: "10000/minute" });
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    stoppers.push(() => sql.end());
    // Limits far above what a run sends: a refusal would be measured instead of the work (the API bounds them lower).
    await sql`update api_keys set rate_limit = 1000000000`;
    const upstream = startUpstream(PORTS.upstream);
    stoppers.push(async () => upstream.stop());
    const [service] = await sql`
      insert into gateway_services (slug, name, base_url, timeout_ms) values ('payments', 'Payments', ${upstream.url}, 5000)
      returning id`;
    await sql`insert into gateway_routes (service_id, method, path_pattern, required_scopes, cost, position)
      values (${service.id}, 'GET', '/v1/*path', ${["payments:read"]}, 1, 0)`;

    const framework = await start(PORTS.framework, { LEAN_PATH: "0" });
    const shared = await start(PORTS.redis, { REDIS_URL: redisUrl });
    const floor = startFloor(PORTS.floor, client);
    stoppers.push(async () => floor.stop());
    await Promise.all([answering(floor.url), answering(upstream.url)]);

    const postgresCpu = () => clusterCpu(cluster);
    const me = (instance) => ({
      pid: instance.pid,
      extraCpu: postgresCpu,
      url: `${instance.url}/api/v1/me`,
      headers: { authorization: `Bearer ${client}` },
    });
    const verify = (instance) => ({
      pid: instance.pid,
      extraCpu: postgresCpu,
      url: `${instance.url}/api/v1/verify`,
      method: "POST",
      headers: { authorization: `Bearer ${platform}`, "content-type": "application/json" },
      body: JSON.stringify({ key: client, scopes: ["payments:read"], method: "GET", path: "/v1/payments/42", ip: "10.1.2.3" }),
      check: (answer) => JSON.parse(answer).valid === true,
    });
    const targets = {
      "floor: node:http + SHA-256 + Map": { pid: floor.pid, url: floor.url, headers: { authorization: `Bearer ${client}` } },
      "framework route, no key": { pid: lean.pid, url: `${lean.url}/api/health/live` },
      "GET /api/v1/me (lean)": me(lean),
      "POST /api/v1/verify (lean)": verify(lean),
      "GET /api/v1/me (framework)": me(framework),
      "POST /api/v1/verify (framework)": verify(framework),
      "GET /api/v1/me (lean, Redis)": me(shared),
      "POST /api/v1/verify (lean, Redis)": verify(shared),
      "upstream, direct": { pid: upstream.pid, url: `${upstream.url}/v1/payments/42` },
      "gateway → upstream (lean)": {
        pid: lean.pid,
        pids: [upstream.pid],
        extraCpu: postgresCpu,
        url: `${lean.url}/gw/payments/v1/payments/42`,
        headers: { authorization: `Bearer ${client}` },
        check: (answer) => JSON.parse(answer).payment === "ok",
      },
    };
    const samples = await interleavedRounds(targets, options);
    const medians = printMedians(
      `hot path (${options.rounds} interleaved rounds × ${options.seconds}s, ${options.connections} connections; medians; CPU = server + Postgres)`,
      samples,
    );
    const floorRps = medians["floor: node:http + SHA-256 + Map"].rps;
    console.log("\nagainst the floor (target: ≥ 0.4× its req/s, ≤ 0.1 ms CPU per request, p99 < 10 ms):");
    for (const name of Object.keys(targets).filter((name) => /api\/v1/.test(name))) {
      const m = medians[name];
      console.log(
        `  ${name.padEnd(34)} ${(m.rps / floorRps).toFixed(3)}× the floor   ${m.cpuMsPerRequest.toFixed(3)} ms CPU   p99 ${m.p99} ms`,
      );
    }
    const gateway = medians["gateway → upstream (lean)"];
    const direct = medians["upstream, direct"];
    console.log(
      `gateway adds ${(gateway.cpuMsPerRequest - direct.cpuMsPerRequest).toFixed(3)} ms CPU and ${gateway.p50 - direct.p50} ms p50 per call over the upstream alone (target: ≤ 0.2 ms, ≤ 1 ms)`,
    );

    // Added latency, unloaded: one request at a time on one connection, timed to the microsecond (autocannon counts
    // whole milliseconds), each target in turn, interleaved.
    const sequential = {
      "upstream, direct": { url: `${upstream.url}/v1/payments/42` },
      "gateway → upstream (lean)": {
        url: `${lean.url}/gw/payments/v1/payments/42`,
        headers: { authorization: `Bearer ${client}` },
      },
      "GET /api/v1/me (lean)": { url: `${lean.url}/api/v1/me`, headers: { authorization: `Bearer ${client}` } },
      "floor: node:http + SHA-256 + Map": { url: floor.url, headers: { authorization: `Bearer ${client}` } },
    };
    const timings = Object.fromEntries(Object.keys(sequential).map((name) => [name, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const [name, target] of Object.entries(sequential)) timings[name].push(...(await timeSequential(target, 1_000)));
    }
    console.log(`\none request at a time (${options.rounds} × 1,000 each, interleaved): p50 / p99 in ms`);
    for (const [name, list] of Object.entries(timings)) {
      console.log(`  ${name.padEnd(34)} ${percentile(list, 0.5).toFixed(3)} / ${percentile(list, 0.99).toFixed(3)}`);
    }
    const addedP50 = percentile(timings["gateway → upstream (lean)"], 0.5) - percentile(timings["upstream, direct"], 0.5);
    console.log(`gateway adds ${addedP50.toFixed(3)} ms p50 unloaded (target: ≤ 1 ms)`);

    // Every core: the same GET /api/v1/me on one worker and on one per core (the load generator shares the machine).
    const cores = availableParallelism();
    const workers = await start(PORTS.workers, { WEB_CONCURRENCY: String(cores) });
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // the other workers join once ready
    const tree = processTree(workers.pid);
    const scaling = await interleavedRounds(
      {
        "me, 1 worker": me(lean),
        [`me, ${cores} workers`]: { ...me(workers), pid: tree[0], pids: tree.slice(1), extraCpu: postgresCpu },
      },
      options,
    );
    printMedians(`workers (${tree.length - 1} workers running)`, scaling);

    // The cache miss: secrets no process has seen (extra secrets of the client's key), each used once.
    const misses = Array.from({ length: 200 }, newSecret);
    const clientHash = createHash("sha256").update(client).digest("hex");
    const [{ key_id: keyId }] = await sql`select key_id from api_key_secrets where hash = ${clientHash}`;
    for (const secret of misses) {
      await sql`insert into api_key_secrets (key_id, hash, start)
        values (${keyId}, ${createHash("sha256").update(secret).digest("hex")}, ${secret.slice(0, 12)})`;
    }
    const statementLog = readFileSync(cluster.logFile, "utf8").length;
    await sql`alter system set log_statement = 'all'`;
    await sql`select pg_reload_conf()`;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const latencies = await timeFirstCalls(lean.url, misses);
    await sql`alter system reset log_statement`;
    await sql`select pg_reload_conf()`;
    const logged = readFileSync(cluster.logFile, "utf8").slice(statementLog);
    const statements = [...logged.matchAll(/LOG: {2}(?:statement|execute [^:]*): ([\s\S]*?)(?=\n\d{4}-\d\d-\d\d |$)/g)].map(
      (m) => m[1],
    );
    const byText = new Map();
    for (const text of statements) {
      const shape = text.replace(/\$\d+/g, "$n").replace(/\s+/g, " ").slice(0, 160);
      byText.set(shape, (byText.get(shape) ?? 0) + 1);
    }
    console.log(
      `\ncache miss (${misses.length} unseen secrets, one call each, sequential): p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms; ${(statements.length / misses.length).toFixed(2)} statements per miss, of which:`,
    );
    for (const [text, count] of [...byText].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
      console.log(`  ${(count / misses.length).toFixed(2)} × ${text}`);
    }

    if (rssRequests > 0) {
      console.log(`\nRSS of a worker over ${rssRequests.toLocaleString("en")} requests of GET /api/v1/me (lean, one worker):`);
      const step = Math.min(100_000, rssRequests);
      let sent = 0;
      console.log(`  at start: ${rssMiB(lean.pid).toFixed(0)} MiB`);
      const series = [];
      while (sent < rssRequests) {
        const result = await autocannon({ ...me(lean), connections: options.connections, amount: step });
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`RSS run: ${result.non2xx} non-2xx, ${result.errors} errors`);
        sent += step;
        series.push(rssMiB(lean.pid));
        console.log(`  after ${sent.toLocaleString("en")}: ${series.at(-1).toFixed(0)} MiB`);
      }
      console.log(
        `  growth after the first ${step.toLocaleString("en")}: ${(series.at(-1) - series[0]).toFixed(0)} MiB (median ${median(series).toFixed(0)} MiB)`,
      );
    }
  } finally {
    for (const stop of stoppers.reverse()) await stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
