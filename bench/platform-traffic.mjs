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

async function main() {
  if (!options["no-build"]) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const database = await createDatabase("latchkey_bench_platform");
  const env = baseEnv(database.url);
  const stoppers = [];
  try {
    const platform = await issueKey(env, { email: "platform@bench.local", scopes: "keys:verify", rateLimit: "600000/hour" });
    const client = await issueKey(env, { email: "client@bench.local", scopes: "payments:read", rateLimit: "600000/hour" });
    const latchkey = await startInstance({ port: LATCHKEY_PORT, env });
    stoppers.push(() => latchkey.stop());
    const floor = startFloor(FLOOR_PORT);
    stoppers.push(async () => floor.stop());
    const upstream = startUpstream(UPSTREAM_PORT);
    stoppers.push(async () => upstream.stop());
    await Promise.all([answering(floor.url), answering(upstream.url)]);

    const verifyBody = JSON.stringify({ key: client, scopes: ["payments:read"], method: "GET", path: "/v1/payments/42" });
    const targets = {
      "node:http floor": { ...floor },
      "upstream, direct": { pid: upstream.pid, url: `${upstream.url}/v1/payments/42` },
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
    printMedians(`platform traffic (${rounds} interleaved rounds × ${seconds}s, ${connections} connections; medians)`, samples);
  } finally {
    for (const stop of stoppers.reverse()) await stop();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
