// What the saturation benchmarks share: load one target with autocannon while reading its server's CPU time from
// /proc (the machines are shared and noisy: CPU per request moves less than requests per second), a plain node:http
// server as the machine's floor, and interleaved rounds summarised by their medians.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { median } from "./rounds-options.mjs";

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) the process and its waited-for children have used so far. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime, stime, cutime, cstime are fields 14–17 of stat; counted after the ")" they are 11–14.
  return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / CLOCK_TICKS_PER_SECOND;
}

/**
 * One run of `seconds` against a target `{ url, pid, headers?, method?, body?, pids?, extraCpu?, check? }`: requests per second,
 * p50/p99 latency, and the CPU time per request of `pid` plus any `pids` (an upstream behind a gateway). Every answer
 * must be 2xx; `check(body)` may look at one answer first, so that a target answering 200 with a refusal (POST /verify
 * does) cannot pass for a fast success.
 */
export async function load(target, { seconds, connections }) {
  const pids = [target.pid, ...(target.pids ?? [])];
  if (target.check) {
    const response = await fetch(target.url, { method: target.method ?? "GET", headers: target.headers, body: target.body });
    const answer = await response.text();
    if (!response.ok || !target.check(answer)) throw new Error(`${target.url}: unexpected answer ${response.status} ${answer}`);
  }
  // `extraCpu`: CPU seconds of processes that come and go (a database's backends), read as a whole before and after.
  const extraBefore = target.extraCpu?.() ?? 0;
  const before = pids.map(cpuSeconds);
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    method: target.method ?? "GET",
    headers: target.headers,
    body: target.body,
  });
  const cpu = [...pids.map((pid, i) => cpuSeconds(pid) - before[i]), (target.extraCpu?.() ?? 0) - extraBefore];
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: (cpu.reduce((a, b) => a + b, 0) * 1000) / result.requests.total,
  };
}

/** The machine's floor: a plain node:http server answering a small JSON body, in a process of its own. */
export function startFloor(port) {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `require("node:http").createServer((q, s) => { s.setHeader("content-type", "application/json"); s.end('{"status":"ok"}'); }).listen(${port}, "127.0.0.1")`,
    ],
    { stdio: "ignore" },
  );
  return { pid: child.pid, url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/** Resolves once `url` answers at all (a process just spawned may take a moment on a loaded machine). */
export async function answering(url, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** A warm-up of each target, then `rounds` rounds taking each in turn; prints each sample and answers them by target. */
export async function interleavedRounds(targets, { seconds, rounds, connections }) {
  console.log(`\nwarming up (${seconds}s each)…`);
  for (const target of Object.values(targets)) await load(target, { seconds, connections });
  const samples = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  const width = Math.max(...Object.keys(targets).map((name) => name.length));
  for (let round = 1; round <= rounds; round++) {
    for (const [name, target] of Object.entries(targets)) {
      const sample = await load(target, { seconds, connections });
      samples[name].push(sample);
      console.log(
        `round ${round} ${name.padEnd(width)} ${sample.rps.toFixed(0).padStart(6)} req/s  p50 ${sample.p50} ms  p99 ${sample.p99} ms  ${sample.cpuMsPerRequest.toFixed(3)} ms CPU/request`,
      );
    }
  }
  return samples;
}

/** The medians of each target's samples, as one table. */
export function printMedians(title, samples) {
  const width = Math.max(6, ...Object.keys(samples).map((name) => name.length));
  console.log(`\n=== ${title} ===`);
  console.log(`${"target".padEnd(width)}    req/s   p50 ms   p99 ms   CPU ms/request`);
  const medians = {};
  for (const [name, list] of Object.entries(samples)) {
    const m = {
      rps: median(list.map((s) => s.rps)),
      p50: median(list.map((s) => s.p50)),
      p99: median(list.map((s) => s.p99)),
      cpuMsPerRequest: median(list.map((s) => s.cpuMsPerRequest)),
    };
    medians[name] = m;
    console.log(
      `${name.padEnd(width)} ${m.rps.toFixed(0).padStart(8)} ${String(m.p50).padStart(8)} ${String(m.p99).padStart(8)}   ${m.cpuMsPerRequest.toFixed(3).padStart(8)}`,
    );
  }
  return medians;
}

/** CPU seconds of a private PostgreSQL cluster: its postmaster (with reaped backends) and every live backend. */
export function clusterCpu(cluster) {
  const postmaster = Number(readFileSync(`${cluster.dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
  const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(postmaster)], { encoding: "utf8" });
  let total = cpuSeconds(postmaster);
  for (const pid of children
    .split("\n")
    .map(Number)
    .filter((child) => child > 0)) {
    try {
      total += cpuSeconds(pid);
    } catch {
      // ended between the listing and the read: its time is in the postmaster's from now on
    }
  }
  return total;
}
