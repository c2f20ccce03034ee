#!/usr/bin/env node
// What journaling usage before each answer costs (see README "Usage"): GET /api/v1/me on an instance that journals
// against one that does not (USAGE_JOURNAL_DIR=off), both on one throw-away PostgreSQL database, with two baselines in
// the same run: a plain node:http server (the floor) and GET /api/health/live of the journaling instance (the
// framework route, no key). Interleaved rounds at saturation (autocannon); for each, requests per second and the
// server's CPU time per request, read from /proc (the machines are shared and noisy: CPU per request moves less).
//
//   npm run bench:journal [-- --no-build --seconds 5 --rounds 3 --connections 32]
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { baseEnv, createDatabase, issueKey, startInstance } from "../scripts/lib/instances.mjs";
import { median, roundsOptions } from "./rounds-options.mjs";

const options = roundsOptions();
const { seconds, rounds, connections } = options;
const FLOOR_PORT = 3311;
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) the process and its waited-for children have used so far. */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime, stime, cutime, cstime are fields 14–17 of stat; counted after the ")" they are 11–14.
  return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / CLOCK_TICKS_PER_SECOND;
}

async function load(target) {
  const before = cpuSeconds(target.pid);
  const result = await autocannon({ url: target.url, connections, duration: seconds, headers: target.headers });
  const cpu = cpuSeconds(target.pid) - before;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, cpuMsPerRequest: (cpu * 1000) / result.requests.total };
}

function startFloor() {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `require("node:http").createServer((q, s) => { s.setHeader("content-type", "application/json"); s.end('{"status":"ok"}'); }).listen(${FLOOR_PORT}, "127.0.0.1")`,
    ],
    { stdio: "ignore" },
  );
  return { pid: child.pid, url: `http://127.0.0.1:${FLOOR_PORT}/`, stop: () => child.kill() };
}

async function main() {
  if (!options["no-build"]) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const database = await createDatabase("latchkey_bench_journal");
  const journalDir = mkdtempSync(path.join(tmpdir(), "latchkey-bench-journal-"));
  const env = baseEnv(database.url);
  const stoppers = [];
  try {
    const secret = await issueKey(env, { email: "bench@bench.local", scopes: "keys:read", rateLimit: "600000/hour" });
    const journaling = await startInstance({ port: 3312, env: { ...env, USAGE_JOURNAL_DIR: journalDir } });
    stoppers.push(() => journaling.stop());
    const memoryOnly = await startInstance({ port: 3313, env: { ...env, USAGE_JOURNAL_DIR: "off" } });
    stoppers.push(() => memoryOnly.stop());
    const floor = startFloor();
    stoppers.push(async () => floor.stop());
    await new Promise((resolve) => setTimeout(resolve, 300));
    const bearer = { authorization: `Bearer ${secret}` };
    const targets = {
      "node:http floor": { ...floor, headers: {} },
      "GET /api/health/live": { pid: journaling.pid, url: `${journaling.url}/api/health/live`, headers: {} },
      "GET /api/v1/me, journal": { pid: journaling.pid, url: `${journaling.url}/api/v1/me`, headers: bearer },
      "GET /api/v1/me, no journal": { pid: memoryOnly.pid, url: `${memoryOnly.url}/api/v1/me`, headers: bearer },
    };
    console.log(`\nwarming up (${seconds}s each)…`);
    for (const target of Object.values(targets)) await load(target);
    const samples = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
    for (let round = 1; round <= rounds; round++) {
      for (const [name, target] of Object.entries(targets)) {
        const sample = await load(target);
        samples[name].push(sample);
        console.log(
          `round ${round} ${name.padEnd(27)} ${sample.rps.toFixed(0).padStart(6)} req/s  ${sample.cpuMsPerRequest.toFixed(3)} ms CPU/request`,
        );
      }
    }
    console.log(`\n=== usage journal (${rounds} interleaved rounds × ${seconds}s, ${connections} connections; medians) ===`);
    console.log("target                        req/s   CPU ms/request");
    for (const [name, list] of Object.entries(samples)) {
      const rps = median(list.map((s) => s.rps));
      const cpu = median(list.map((s) => s.cpuMsPerRequest));
      console.log(`${name.padEnd(27)} ${rps.toFixed(0).padStart(8)}   ${cpu.toFixed(3).padStart(8)}`);
    }
    const withJournal = median(samples["GET /api/v1/me, journal"].map((s) => s.cpuMsPerRequest));
    const without = median(samples["GET /api/v1/me, no journal"].map((s) => s.cpuMsPerRequest));
    console.log(`journal's CPU per request: ${((withJournal - without) * 1000).toFixed(0)} µs (median difference)`);
  } finally {
    for (const stop of stoppers.reverse()) await stop();
    await database.drop();
    rmSync(journalDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
