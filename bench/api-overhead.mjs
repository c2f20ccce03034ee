#!/usr/bin/env node
// What key authentication costs on the hot path, and how fast a revoke reaches another instance.
//
//   npm run bench:api [-- --no-build --seconds 5 --rounds 3 --connections 32 --redis]
//
// Builds for production, starts server.mjs on a throw-away PostgreSQL database, then measures in interleaved rounds
// GET /api/v1/me with a valid key against GET /api/health/live of the same app (the framework's ceiling: same
// server, no authentication). Throughput is measured at saturation (autocannon); latency at steady state, one request
// at a time, timed with performance.now(), where no queue drowns out what authentication adds. Prints requests per
// second, p50/p99 for both, their ratio, and the added p99.
import { execFileSync } from "node:child_process";
import autocannon from "autocannon";
import { baseEnv, createDatabase, issueKey, redisUrl, startInstance } from "../scripts/lib/instances.mjs";
import { median, roundsOptions } from "./rounds-options.mjs";

const options = roundsOptions({ redis: { type: "boolean", default: false } });
const { seconds, rounds, connections } = options;

const mean = (values) => values.reduce((sum, v) => sum + v, 0) / values.length;

async function load(url, headers) {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * Latency at steady state: one request at a time for `seconds`, each timed with performance.now(). With nothing
 * queued, what remains is each request's own service time, so the difference between the two routes is what
 * authentication adds, not what a busy machine adds.
 */
async function steady(url, headers) {
  const latencies = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length };
}

async function main() {
  if (!options["no-build"]) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const database = await createDatabase("latchkey_bench");
  const env = baseEnv(database.url, options.redis ? { REDIS_URL: redisUrl } : {});
  const instances = [];
  try {
    // The largest limit a key may have, so that the benchmark measures authentication rather than refusals.
    const secret = await issueKey(env, { email: "bench@bench.local", scopes: "keys:read,keys:write", rateLimit: "600000/hour" });
    const server = await startInstance({ port: 3301, env });
    instances.push(server);
    const targets = {
      ceiling: { url: `${server.url}/api/health/live`, headers: {} },
      authenticated: { url: `${server.url}/api/v1/me`, headers: { authorization: `Bearer ${secret}` } },
    };
    console.log(`\nwarming up (${seconds}s each)…`);
    for (const target of Object.values(targets)) await load(target.url, target.headers);
    const samples = { ceiling: [], authenticated: [] };
    for (let round = 1; round <= rounds; round++) {
      for (const [name, target] of Object.entries(targets)) {
        const sample = await load(target.url, target.headers);
        samples[name].push(sample);
        console.log(
          `round ${round} ${name.padEnd(13)} saturated ${sample.rps.toFixed(0).padStart(6)} req/s  (p50 ${sample.p50} ms, p99 ${sample.p99} ms under queueing)`,
        );
      }
      for (const [name, target] of Object.entries(targets)) {
        const latency = await steady(target.url, target.headers);
        Object.assign(samples[name].at(-1), { steadyP50: latency.p50, steadyP99: latency.p99 });
        console.log(
          `round ${round} ${name.padEnd(13)} one at a time (${latency.count} requests)  p50 ${latency.p50.toFixed(3)} ms  p99 ${latency.p99.toFixed(3)} ms`,
        );
      }
    }
    const summary = Object.fromEntries(
      Object.entries(samples).map(([name, list]) => [
        name,
        {
          rps: mean(list.map((s) => s.rps)),
          p50: median(list.map((s) => s.steadyP50)),
          p99: median(list.map((s) => s.steadyP99)),
        },
      ]),
    );
    const ratio = summary.authenticated.rps / summary.ceiling.rps;
    const addedP99 = summary.authenticated.p99 - summary.ceiling.p99;

    const second = await startInstance({ port: 3302, env });
    instances.push(second);
    const propagation = await measureRevokePropagation(env, server, second, secret);

    console.log(
      `\n=== API overhead (${rounds} rounds × ${seconds}s; saturated with ${connections} connections; latency one request at a time${options.redis ? "; Redis" : ""}) ===`,
    );
    console.log("route                  max req/s   p50 (steady)  p99 (steady)");
    for (const [name, label] of [
      ["ceiling", "GET /api/health/live"],
      ["authenticated", "GET /api/v1/me"],
    ]) {
      const s = summary[name];
      console.log(
        `${label.padEnd(22)} ${s.rps.toFixed(0).padStart(9)}   ${s.p50.toFixed(3).padStart(8)} ms   ${s.p99.toFixed(3).padStart(8)} ms`,
      );
    }
    console.log(`throughput ratio (authenticated / ceiling): ${(ratio * 100).toFixed(1)}%  (target ≥ 90%)`);
    console.log(
      `added p50: ${(summary.authenticated.p50 - summary.ceiling.p50).toFixed(3)} ms; added p99: ${addedP99.toFixed(3)} ms  (target < 1 ms)`,
    );
    console.log(
      `revoke → first 401 on another instance: median ${median(propagation).toFixed(1)} ms, max ${Math.max(...propagation).toFixed(1)} ms over ${propagation.length} revokes`,
    );
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    await database.drop();
  }
}

// Revokes keys through one instance and times how long the other keeps accepting them.
async function measureRevokePropagation(env, first, second, manager) {
  const timings = [];
  for (let i = 0; i < 5; i++) {
    const secret = await issueKey(env, { email: "bench@bench.local", scopes: "keys:read", name: `Revoke ${i}` });
    const headers = { authorization: `Bearer ${secret}` };
    const { id } = await (await fetch(`${second.url}/api/v1/me`, { headers })).json();
    await fetch(`${first.url}/api/v1/me`, { headers });
    const revoked = await fetch(`${first.url}/api/v1/keys/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${manager}` },
    });
    if (revoked.status !== 200) throw new Error(`revoke answered ${revoked.status}`);
    const started = performance.now();
    while ((await fetch(`${second.url}/api/v1/me`, { headers })).status === 200) {
      if (performance.now() - started > 10_000) throw new Error("revoke not seen after 10 s");
    }
    timings.push(performance.now() - started);
  }
  return timings;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
