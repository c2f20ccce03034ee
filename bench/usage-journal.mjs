#!/usr/bin/env node
// What journaling usage before each answer costs (see README "Usage"): GET /api/v1/me on an instance that journals
// against one that does not (USAGE_JOURNAL_DIR=off), both on one throw-away PostgreSQL database, with two baselines in
// the same run: a plain node:http server (the floor) and GET /api/health/live of the journaling instance (the
// framework route, no key). Interleaved rounds at saturation (autocannon); for each, requests per second and the
// server's CPU time per request, read from /proc (the machines are shared and noisy: CPU per request moves less).
//
//   npm run bench:journal [-- --no-build --seconds 5 --rounds 3 --connections 32]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { baseEnv, createDatabase, issueKey, startInstance } from "../scripts/lib/instances.mjs";
import { median, roundsOptions } from "./rounds-options.mjs";
import { answering, interleavedRounds, printMedians, startFloor } from "./saturation.mjs";

const options = roundsOptions();
const { seconds, rounds, connections } = options;
const FLOOR_PORT = 3311;

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
    const floor = startFloor(FLOOR_PORT);
    stoppers.push(async () => floor.stop());
    await answering(floor.url);
    const bearer = { authorization: `Bearer ${secret}` };
    const targets = {
      "node:http floor": { ...floor, headers: {} },
      "GET /api/health/live": { pid: journaling.pid, url: `${journaling.url}/api/health/live`, headers: {} },
      "GET /api/v1/me, journal": { pid: journaling.pid, url: `${journaling.url}/api/v1/me`, headers: bearer },
      "GET /api/v1/me, no journal": { pid: memoryOnly.pid, url: `${memoryOnly.url}/api/v1/me`, headers: bearer },
    };
    const samples = await interleavedRounds(targets, options);
    printMedians(`usage journal (${rounds} interleaved rounds × ${seconds}s, ${connections} connections; medians)`, samples);
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
