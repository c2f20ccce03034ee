#!/usr/bin/env node
// What sitting in the path of a platform's traffic costs (README "Performance"): POST /api/v1/verify (the check a
// platform makes before serving a call, recorded as the verified key's usage) against GET /api/v1/me (a call to
// Latchkey's own API with the same key); and a call through the gateway against calling the upstream directly.
// Baselines in the same run: a plain node:http server (the machine's floor) and GET /api/health/live (the framework
// route, no key). One production instance on a throw-away PostgreSQL database, an upstream process of its own;
// interleaved rounds at saturation, each with requests per second, p50/p99 and CPU time per request (Latchkey's
// process, plus the upstream's where a call reaches it).
//
//   npm run bench:platform [-- --no-build --seconds 5 --rounds 3 --connections 32]
import { execFileSync, spawn } from "node:child_process";
import postgres from "postgres";
import { baseEnv, createDatabase, issueKey, startInstance } from "../scripts/lib/instances.mjs";
import { roundsOptions } from "./rounds-options.mjs";
import { answering, interleavedRounds, printMedians, startFloor } from "./saturation.mjs";

const options = roundsOptions();
const { seconds, rounds, connections } = options;
const FLOOR_PORT = 3321;
const LATCHKEY_PORT = 3322;
const UPSTREAM_PORT = 3323;

/** The platform's own API, as small as the floor: one JSON answer per call, whatever the path. */
function startUpstream(port) {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `require("node:http").createServer((q, s) => { q.resume(); q.on("end", () => { s.setHeader("content-type", "application/json"); s.end('{"payment":"ok"}'); }); }).listen(${port}, "127.0.0.1")`,
    ],
    { stdio: "ignore" },
  );
  return { pid: child.pid, url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** The gateway's service and rule, as an admin would register them on /admin/gateway: GET /v1/* needs payments:read. */
async function registerService(databaseUrl, upstreamUrl) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [service] = await sql`
      insert into gateway_services (slug, name, base_url, timeout_ms) values ('payments', 'Payments', ${upstreamUrl}, 5000)
      returning id`;
    await sql`
      insert into gateway_routes (service_id, method, path_pattern, required_scopes, cost, position)
      values (${service.id}, 'GET', '/v1/*path', ${["payments:read"]}, 1, 0)`;
  } finally {
    await sql.end();
  }
}

async function main() {
  if (!options["no-build"]) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const database = await createDatabase("latchkey_bench_platform");
  const env = baseEnv(database.url);
  const stoppers = [];
  try {
    const platform = await issueKey(env, { email: "platform@bench.local", scopes: "keys:verify", rateLimit: "600000/hour" });
    const client = await issueKey(env, { email: "client@bench.local", scopes: "payments:read", rateLimit: "600000/hour" });
    // The upstream is on loopback, which the gateway refuses unless allowed.
    const latchkey = await startInstance({
      port: LATCHKEY_PORT,
      env: { ...env, GATEWAY_ALLOW_PRIVATE_UPSTREAMS: "127.0.0.0/8" },
    });
    stoppers.push(() => latchkey.stop());
    const floor = startFloor(FLOOR_PORT);
    stoppers.push(async () => floor.stop());
    const upstream = startUpstream(UPSTREAM_PORT);
    stoppers.push(async () => upstream.stop());
    await Promise.all([answering(floor.url), answering(upstream.url)]);
    await registerService(database.url, upstream.url);

    const verifyBody = JSON.stringify({ key: client, scopes: ["payments:read"], method: "GET", path: "/v1/payments/42" });
    const targets = {
      "node:http floor": { ...floor },
      "upstream, direct": { pid: upstream.pid, url: `${upstream.url}/v1/payments/42` },

      "gateway → upstream": {
        pid: latchkey.pid,
        pids: [upstream.pid],
        url: `${latchkey.url}/gw/payments/v1/payments/42`,
        headers: { authorization: `Bearer ${client}` },
        check: (answer) => JSON.parse(answer).payment === "ok",
      },
      "GET /api/health/live": { pid: latchkey.pid, url: `${latchkey.url}/api/health/live` },
      "GET /api/v1/me": { pid: latchkey.pid, url: `${latchkey.url}/api/v1/me`, headers: { authorization: `Bearer ${client}` } },
      "POST /api/v1/verify": {
        pid: latchkey.pid,
        url: `${latchkey.url}/api/v1/verify`,
        method: "POST",
        headers: { authorization: `Bearer ${platform}`, "content-type": "application/json" },
        body: verifyBody,
        // 200 either way: only a valid answer is the work being measured.
        check: (answer) => JSON.parse(answer).valid === true,
      },
    };
    const samples = await interleavedRounds(targets, options);
    const medians = printMedians(
      `platform traffic (${rounds} interleaved rounds × ${seconds}s, ${connections} connections; medians)`,
      samples,
    );
    const gateway = medians["gateway → upstream"];
    const direct = medians["upstream, direct"];
    const verify = medians["POST /api/v1/verify"];
    const me = medians["GET /api/v1/me"];
    console.log(
      `gateway adds ${(gateway.cpuMsPerRequest - direct.cpuMsPerRequest).toFixed(3)} ms CPU and ${gateway.p50 - direct.p50} ms p50 per call over the upstream alone (CPU: Latchkey's and the upstream's together)`,
    );
    console.log(
      `verify costs ${(verify.cpuMsPerRequest - me.cpuMsPerRequest).toFixed(3)} ms CPU per call more than /api/v1/me (${(verify.rps / me.rps).toFixed(2)}× its req/s)`,
    );
  } finally {
    for (const stop of stoppers.reverse()) await stop();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
