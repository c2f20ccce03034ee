#!/usr/bin/env node
// What a usage quota costs on the hot path (README "Usage quotas"): GET /api/v1/me with a key that has a usage quota
// (one conditional upsert in Postgres per call) against the same instance and a key without one (no query), on a
// private PostgreSQL cluster whose CPU is counted with the server's, interleaved rounds at saturation; then one
// request at a time for the latency each adds.
//
//   npm run bench:quota [-- --no-build --seconds 5 --rounds 3 --connections 50]
import { execFileSync } from "node:child_process";
import postgres from "postgres";
import { baseEnv, issueKey, startInstance } from "../scripts/lib/instances.mjs";
import { startPrivateCluster } from "../scripts/lib/private-cluster.mjs";
import { median, roundsOptions } from "./rounds-options.mjs";
import { interleavedRounds, printMedians, clusterCpu } from "./saturation.mjs";

if (!process.argv.includes("--connections")) process.argv.push("--connections", "50");
const options = roundsOptions();
const CLUSTER_PORT = 5497;
const PORT = 3297;

/** One request at a time: the median and p99 latency in ms. */
async function sequential(url, headers, count) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: median(times), p99: times[Math.floor(times.length * 0.99)] };
}

async function main() {
  if (!options["no-build"]) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const cluster = await startPrivateCluster({ port: CLUSTER_PORT });
  const stoppers = [() => cluster.remove()];
  try {
    const admin = postgres(cluster.url(), { max: 1, onnotice: () => {} });
    await admin.unsafe("create database latchkey_bench");
    await admin.end();
    const databaseUrl = cluster.url("latchkey_bench");
    const env = { ...baseEnv(databaseUrl), LOG_LEVEL: "warn" };
    const instance = await startInstance({ port: PORT, env });
    stoppers.push(() => instance.stop());
    const plain = await issueKey(env, { email: "plain@bench.local", scopes: "keys:read", name: "No quota" });
    const quota = await issueKey(env, { email: "quota@bench.local", scopes: "keys:read", name: "With quota" });
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    stoppers.push(() => sql.end());
    // Limits far above what a run sends: a refusal would be measured instead of the work.
    await sql`update api_keys set rate_limit = 1000000000`;
    await sql`update api_keys set usage_quota = 2000000000, usage_quota_period = 'month' where name = 'With quota'`;
    const url = `${instance.url}/api/v1/me`;
    const extraCpu = () => clusterCpu(cluster);
    const targets = {
      "GET /api/v1/me, no quota": { pid: instance.pid, url, headers: { authorization: `Bearer ${plain}` }, extraCpu },
      "GET /api/v1/me, usage quota": {
        pid: instance.pid,
        url,
        headers: { authorization: `Bearer ${quota}` },
        extraCpu,
        check: (body) => JSON.parse(body).quota?.limit === 2000000000,
      },
    };
    const samples = await interleavedRounds(targets, options);
    const medians = printMedians(
      `usage quota (${options.rounds} interleaved rounds × ${options.seconds}s, ${options.connections} connections; CPU: server + Postgres; medians)`,
      samples,
    );
    const added = medians["GET /api/v1/me, usage quota"].cpuMsPerRequest - medians["GET /api/v1/me, no quota"].cpuMsPerRequest;
    console.log(`usage quota's CPU per request: ${(added * 1000).toFixed(0)} µs (median difference)`);
    console.log("\none request at a time (2,000 each, after the runs above):");
    for (const [name, target] of Object.entries(targets)) {
      const { p50, p99 } = await sequential(target.url, target.headers, 2_000);
      console.log(`${name.padEnd(28)} p50 ${p50.toFixed(3)} ms  p99 ${p99.toFixed(3)} ms`);
    }
  } finally {
    for (const stop of stoppers.reverse()) await stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
