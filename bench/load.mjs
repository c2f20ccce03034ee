#!/usr/bin/env node
// A mixed workload at a steady rate against two instances sharing PostgreSQL and Redis, as a scaled-out deployment
// runs. Reports throughput, p99, errors, and usage rows lost (acknowledged requests with no usage row: must be 0).
//
//   npm run bench:load [-- --no-build --seconds 60 --rate 200]
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { baseEnv, createDatabase, issueKey, redisUrl, startInstance } from "../scripts/lib/instances.mjs";

const { values: options } = parseArgs({
  options: {
    "no-build": { type: "boolean", default: false },
    seconds: { type: "string", default: "60" },
    rate: { type: "string", default: "200" },
  },
});
const seconds = Number(options.seconds);
const rate = Number(options.rate);
if (!Number.isInteger(seconds) || seconds < 1 || !Number.isInteger(rate) || rate < 1) {
  console.error("--seconds and --rate take whole numbers above 0");
  process.exit(2);
}

// The mix: mostly valid traffic, with the refusals a real platform sees.
const MIX = [
  { kind: "valid", share: 0.7, expect: 200 },
  // Refused keys are answered 401 until the address has failed too often, then 429 (auth_throttled).
  { kind: "invalid", share: 0.1, expect: [401, 429] },
  { kind: "rate-limited", share: 0.1, expect: [200, 429] },
  { kind: "revoked", share: 0.1, expect: [401, 429] },
];

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main() {
  if (!options["no-build"]) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const database = await createDatabase("latchkey_load");
  const env = baseEnv(database.url, { REDIS_URL: redisUrl });
  const instances = [];
  try {
    const owner = "load@bench.local";
    const valid = await issueKey(env, { email: owner, scopes: "keys:read,keys:write", rateLimit: "600000/hour", name: "Valid" });
    const limited = await issueKey(env, { email: owner, scopes: "keys:read", rateLimit: "60/minute", name: "Limited" });
    const revoked = await issueKey(env, { email: owner, scopes: "keys:read", name: "Revoked" });
    instances.push(await startInstance({ port: 3321, env }), await startInstance({ port: 3322, env }));
    const [first] = instances;
    const revokedId = (await (await fetch(`${first.url}/api/v1/me`, { headers: { authorization: `Bearer ${revoked}` } })).json())
      .id;
    await fetch(`${first.url}/api/v1/keys/${revokedId}`, { method: "DELETE", headers: { authorization: `Bearer ${valid}` } });
    const invalid = `lk_live_${"A".repeat(38)}`;
    const secrets = { valid, invalid, "rate-limited": limited, revoked };
    const ids = {};
    for (const kind of ["valid", "rate-limited"]) {
      ids[kind] = (
        await (await fetch(`${first.url}/api/v1/me`, { headers: { authorization: `Bearer ${secrets[kind]}` } })).json()
      ).id;
    }
    const sql = postgres(database.url, { max: 1 });
    // Let the set-up requests' usage be flushed before counting from here.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const baseline = Object.fromEntries(
      await Promise.all(
        Object.entries(ids).map(async ([kind, id]) => [
          kind,
          (
            await sql`select count(*)::int as n from usage_events where key_id = ${id} and route = '/api/v1/me' and status = 200`
          )[0].n,
        ]),
      ),
    );

    console.log(`running ${rate} req/s for ${seconds}s against 2 instances…`);
    const latencies = [];
    const statuses = new Map();
    const acknowledged = { valid: 0, "rate-limited": 0 };
    let errors = 0;
    let sent = 0;
    const pending = [];
    const started = performance.now();
    const end = started + seconds * 1000;
    let owed = 0;
    while (performance.now() < end) {
      owed += rate / 100;
      for (; owed >= 1; owed--) {
        const pick = Math.random();
        let acc = 0;
        const entry = MIX.find((m) => (acc += m.share) >= pick) ?? MIX[0];
        const instance = instances[sent++ % instances.length];
        const begun = performance.now();
        pending.push(
          fetch(`${instance.url}/api/v1/me`, { headers: { authorization: `Bearer ${secrets[entry.kind]}` } })
            .then(async (response) => {
              await response.arrayBuffer();
              latencies.push(performance.now() - begun);
              statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
              const expected = [entry.expect].flat();
              if (!expected.includes(response.status)) errors++;
              if (response.status === 200 && entry.kind in acknowledged) acknowledged[entry.kind]++;
            })
            .catch(() => errors++),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - started) / 1000;
    // A graceful stop flushes what is buffered; then every acknowledged request must have exactly one row.
    await Promise.all(instances.splice(0).map((instance) => instance.stop("SIGTERM")));
    let lost = 0;
    for (const [kind, id] of Object.entries(ids)) {
      const [{ n }] =
        await sql`select count(*)::int as n from usage_events where key_id = ${id} and route = '/api/v1/me' and status = 200`;
      lost += acknowledged[kind] - (n - baseline[kind]);
    }
    await sql.end();
    latencies.sort((a, b) => a - b);
    console.log(`\n=== Mixed load: ${sent} requests in ${elapsed.toFixed(1)}s over 2 instances ===`);
    console.log(`throughput: ${(sent / elapsed).toFixed(0)} req/s`);
    console.log(`latency: p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`);
    console.log(`statuses: ${[...statuses].map(([status, count]) => `${status}×${count}`).join(", ")}`);
    console.log(`unexpected answers or transport errors: ${errors}`);
    console.log(`usage rows lost: ${lost}  (must be 0)`);
    if (errors > 0 || lost !== 0) process.exitCode = 1;
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
