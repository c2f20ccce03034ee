#!/usr/bin/env node
// Server time of the usage pages at scale: 1,000 keys and 5,000,000 usage events (with their rollups).
//
//   npm run bench:analytics [-- --no-build --events 5000000 --keys 1000 --requests 20]
//
// Builds for production, creates a throw-away PostgreSQL database, starts server.mjs with SEED_DEMO=1 (the demo
// accounts), then adds `--keys` keys for alice@example.com and `--events` usage events spread over the last 90 days
// with generate_series, and rolls them up in SQL exactly as the batched writer would. It signs in through the real
// form (Chromium) as Alice and as the admin, and times `--requests` sequential GETs of a busy key's page, of /usage
// and of /admin (the admin overview; reported as missing if it does not exist). Prints p50/p95 in ms.
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { chromium } from "@playwright/test";
import { baseEnv, createDatabase, startInstance } from "../scripts/lib/instances.mjs";

const { values: options } = parseArgs({
  options: {
    "no-build": { type: "boolean", default: false },
    events: { type: "string", default: "5000000" },
    keys: { type: "string", default: "1000" },
    requests: { type: "string", default: "20" },
  },
});
const events = Number(options.events);
const keyCount = Number(options.keys);
const requests = Number(options.requests);
if (![events, keyCount, requests].every((n) => Number.isInteger(n) && n > 0)) {
  console.error("--events, --keys and --requests take whole numbers above 0");
  process.exit(2);
}
// Must match LATENCY_BUCKETS_MS in db/schema/usage-rollups.ts.
const BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function seed(sql) {
  const [alice] = await sql`select id from users where email = 'alice@example.com'`;
  if (!alice) throw new Error("the demo accounts were not seeded");
  let started = performance.now();
  await sql`
    insert into api_keys (account_id, name, environment, start, rate_limit, rate_limit_window, created_at, updated_at)
    select ${alice.id}, 'Bench key ' || n, 'live', 'lk_live_bench', 600, 'minute', now() - interval '100 days', now()
    from generate_series(1, ${keyCount}::int) as n`;
  await sql`
    insert into api_key_scopes (key_id, scope)
    select id, s from api_keys, unnest(array['keys:read', 'usage:read']) as s where name like 'Bench key %'`;
  console.log(`${keyCount} keys in ${Math.round(performance.now() - started)} ms`);

  // Key 1 is the busy one whose page is measured: a tenth of all traffic; the rest is spread over every key.
  started = performance.now();
  const chunk = 500_000;
  for (let from = 0; from < events; from += chunk) {
    const to = Math.min(events, from + chunk);
    await sql`
      with keys as (select array_agg(id order by created_at, name) as ids from api_keys where name like 'Bench key %')
      insert into usage_events (key_id, account_id, at, method, route, status, latency_ms, ip, user_agent)
      select
        case when n % 10 = 0 then keys.ids[1] else keys.ids[1 + ((n::bigint * 7919) % ${keyCount}::int)::int] end,
        ${alice.id},
        now() - (random() * interval '90 days'),
        case when n % 5 = 0 then 'POST' else 'GET' end,
        (array['/api/v1/me', '/api/v1/keys', '/api/v1/keys/:id', '/api/v1/scopes', '/api/v1/keys/:id/usage'])[1 + n % 5],
        (array[200, 200, 200, 200, 200, 200, 200, 201, 404, 429])[1 + (n / 5) % 10],
        (2 + 40 * power(random(), 3))::int,
        '203.0.113.' || (n % 200),
        'bench/1.0'
      from keys, generate_series(${from + 1}::int, ${to}::int) as n`;
    process.stdout.write(`\r${to.toLocaleString("en-US")} events`);
  }
  console.log(` in ${Math.round(performance.now() - started)} ms`);

  started = performance.now();
  const buckets = BUCKETS.map((upper, i) =>
    i === 0
      ? `count(*) filter (where latency_ms <= ${upper})`
      : `count(*) filter (where latency_ms > ${BUCKETS[i - 1]} and latency_ms <= ${upper})`,
  );
  buckets.push(`count(*) filter (where latency_ms > ${BUCKETS.at(-1)})`);
  await sql.unsafe(`
    insert into usage_rollups (key_id, account_id, day, route, status, refused, outcome, source, requests, latency_sum_ms,
      latency_buckets)
    select key_id, account_id, (at at time zone 'UTC')::date, method || ' ' || route, status, refused, outcome, source,
      count(*), sum(latency_ms), array[${buckets.join(", ")}]::int[]
    from usage_events where key_id in (select id from api_keys where name like 'Bench key %')
    group by 1, 2, 3, 4, 5, 6, 7, 8`);
  await sql`
    update api_keys set request_count = t.n, last_used_at = t.last
    from (select key_id, count(*) as n, max(at) as last from usage_events group by key_id) t
    where api_keys.id = t.key_id and api_keys.name like 'Bench key %'`;
  await sql`analyze`;
  const [{ rollups }] = await sql`select count(*)::int as rollups from usage_rollups`;
  console.log(`${rollups.toLocaleString("en-US")} rollup rows in ${Math.round(performance.now() - started)} ms`);
  const [busy] = await sql`select id from api_keys where name like 'Bench key %' order by created_at, name limit 1`;
  return busy.id;
}

async function signIn(browser, baseUrl, email, password) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/(keys|admin)/, { timeout: 60_000 });
  const cookies = await context.cookies();
  await context.close();
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

async function measure(url, cookie) {
  const latencies = [];
  let status = 0;
  // Two warm-up requests, not counted: the first render of a route loads its code.
  for (let i = 0; i < requests + 2; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
    await response.arrayBuffer();
    status = response.status;
    if (i >= 2) latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { status, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

async function main() {
  if (!options["no-build"]) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const database = await createDatabase("latchkey_bench_usage");
  const env = baseEnv(database.url, { SEED_DEMO: "1" });
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  let server;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  try {
    // The first start migrates and seeds the demo accounts; the bulk data goes in while no server runs, and the
    // measured server starts on the full database.
    const first = await startInstance({ port: 3302, env });
    await first.stop();
    const busyKey = await seed(sql);
    server = await startInstance({ port: 3302, env });
    const alice = await signIn(browser, server.url, "alice@example.com", "latchkey-alice-demo");
    const admin = await signIn(browser, server.url, "admin@latchkey.local", "latchkey-admin-demo");
    const targets = [
      ["GET /keys/<busy key> (30 days)", `${server.url}/keys/${busyKey}`, alice],
      ["GET /keys/<busy key>?days=90", `${server.url}/keys/${busyKey}?days=90`, alice],
      ["GET /usage (1,000 keys, 30 days)", `${server.url}/usage`, alice],
      ["GET /usage?days=90", `${server.url}/usage?days=90`, alice],
      ["GET /keys (1,000 keys, flags)", `${server.url}/keys`, alice],
      ["GET /admin (admin overview)", `${server.url}/admin`, admin],
    ];
    console.log(`\n${requests} sequential requests each, after 2 warm-ups:`);
    for (const [label, url, cookie] of targets) {
      const { status, p50, p95 } = await measure(url, cookie);
      const note = status === 200 ? "" : `  (answered ${status}: not measured meaningfully)`;
      console.log(`${label.padEnd(36)} p50 ${p50.toFixed(0).padStart(5)} ms   p95 ${p95.toFixed(0).padStart(5)} ms${note}`);
    }
  } catch (error) {
    if (server) console.error(`server output:\n${server.output().slice(-3000)}`);
    throw error;
  } finally {
    await browser.close();
    await sql.end();
    if (server) await server.stop();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
