#!/usr/bin/env node
// Server time of the dashboard's pages at scale: 10,000 keys for one client and 20,000,000 usage events.
//
//   npm run bench:pages [-- --no-build --keys 10000 --events 20000000 --clients 50 --client-keys 20 --requests 20]
//   npm run bench:analytics    (the same pages at the earlier scale: 1,000 keys, 5,000,000 events, no other clients)
//
// Builds for production, creates a throw-away PostgreSQL database (latchkey_bench_pages_<random>, dropped at the
// end), starts server.mjs once with SEED_DEMO=1 to migrate and seed the demo accounts, issues an API key for Alice,
// stops it, then loads `--keys` keys for alice@example.com, `--clients` other clients with `--client-keys` keys each,
// and `--events` usage events over 90 days with their rollups (bench/lib/usage-load.mjs: how long each step took is
// printed). The measured server then starts on the full database; the bench signs in through the real form as Alice
// and as the admin and times `--requests` sequential GETs of each page after two warm-ups: p50 and p95 in ms.
// `--keep` leaves the database (and prints its URL) for EXPLAIN ANALYZE; drop it yourself afterwards. `--database URL`
// measures again on a database kept before (nothing loaded, nothing dropped; MIGRATE_ON_START=0 with
// `--no-migrate`, to measure an older build on it). `--only TEXT` times only the pages whose label contains TEXT.
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { baseEnv, createDatabase, issueKey, startInstance } from "../scripts/lib/instances.mjs";
import { measure, signIn } from "./lib/page-timing.mjs";
import { describeLoad, loadUsage } from "./lib/usage-load.mjs";

const { values: options } = parseArgs({
  options: {
    "no-build": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    logged: { type: "boolean", default: false },
    "no-migrate": { type: "boolean", default: false },
    events: { type: "string", default: "20000000" },
    keys: { type: "string", default: "10000" },
    clients: { type: "string", default: "50" },
    "client-keys": { type: "string", default: "20" },
    requests: { type: "string", default: "20" },
    port: { type: "string", default: "3660" },
    prefix: { type: "string", default: "latchkey_bench_pages" },
    database: { type: "string" },
    only: { type: "string" },
  },
});
const [events, keys, clients, clientKeys, requests, port] = [
  options.events,
  options.keys,
  options.clients,
  options["client-keys"],
  options.requests,
  options.port,
].map(Number);
if (![events, keys, clientKeys, requests, port].every((n) => Number.isInteger(n) && n > 0) || !(clients >= 0)) {
  console.error("--events, --keys, --client-keys, --requests and --port take whole numbers above 0, --clients 0 or more");
  process.exit(2);
}
const count = (n) => n.toLocaleString("en-US");

async function main() {
  if (!options["no-build"]) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const database = options.database ? { url: options.database, drop: async () => {} } : await createDatabase(options.prefix);
  const env = baseEnv(database.url, {
    SEED_DEMO: "1",
    LOG_LEVEL: "warn",
    ...(options["no-migrate"] && { MIGRATE_ON_START: "0" }),
  });
  let server;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  try {
    // The first start migrates and seeds the demo accounts; the bulk data goes in while no server runs, and the
    // measured server starts on the full database. The API key is made first: Alice's plan allows 50 active keys.
    let data;
    if (options.database) {
      data = { ...(await describeLoad(database.url, "alice@example.com")), timings: { total: "before" } };
    } else {
      const first = await startInstance({ port, env });
      await first.stop();
      const load = { email: "alice@example.com", keys, clients, clientKeys, events, logged: options.logged };
      data = await loadUsage(database.url, load);
    }
    const apiKey = await issueKey(env, { email: "alice@example.com", scopes: "keys:read", name: "Bench API key" });
    server = await startInstance({ port, env });
    const alice = { cookie: await signIn(browser, server.url, "alice@example.com", "latchkey-alice-demo") };
    const admin = { cookie: await signIn(browser, server.url, "admin@latchkey.local", "latchkey-admin-demo") };
    const bearer = { authorization: `Bearer ${apiKey}` };
    const firstPage = await (await fetch(`${server.url}/api/v1/keys`, { headers: bearer })).json();
    const apiCursor = firstPage.nextCursor;
    const targets = [
      ["/keys", "/keys", alice],
      ["/keys, page 2 (cursor)", `/keys?after=${data.secondPageAfter}`, alice],
      ["/usage?days=7", "/usage?days=7", alice],
      ["/usage (30 days)", "/usage", alice],
      ["/usage?days=90", "/usage?days=90", alice],
      ["/keys/<busy key> (30 days)", `/keys/${data.busyKeyId}`, alice],
      ["/keys/<busy key>?days=90", `/keys/${data.busyKeyId}?days=90`, alice],
      ["/audit", "/audit", alice],
      ["/admin (30 days)", "/admin", admin],
      ["/admin?days=90", "/admin?days=90", admin],
      ["/admin/clients", "/admin/clients", admin],
      ["/admin/clients/<Alice>", `/admin/clients/${data.accountId}`, admin],
      ["/admin/audit", "/admin/audit", admin],
      ["GET /api/v1/keys", "/api/v1/keys", bearer],
      ...(apiCursor ? [["GET /api/v1/keys?cursor=… (page 2)", `/api/v1/keys?cursor=${apiCursor}`, bearer]] : []),
      ["GET /api/v1/keys?limit=500", "/api/v1/keys?limit=500", bearer],
    ];
    console.log(
      `\n${count(keys)} keys for Alice, ${clients} other clients, ${count(events)} events, ${count(data.rollups)} rollup rows;` +
        ` data loaded in ${data.timings.total}.\n${requests} sequential requests each, after 2 warm-ups:`,
    );
    console.log(`| ${"page".padEnd(36)} |    p50 |    p95 |   size |`);
    // `--only /admin` measures the pages whose label contains it.
    for (const [label, path, headers] of targets.filter(([label]) => !options.only || label.includes(options.only))) {
      const { status, bytes, p50, p95 } = await measure(`${server.url}${path}`, headers, { requests });
      const note = status === 200 ? "" : `  (answered ${status}: not measured meaningfully)`;
      const kb = `${Math.round(bytes / 1024)} kB`;
      console.log(
        `| ${`\`${label}\``.padEnd(36)} | ${`${p50.toFixed(0)} ms`.padStart(6)} | ${`${p95.toFixed(0)} ms`.padStart(6)} | ${kb.padStart(6)} |${note}`,
      );
    }
  } catch (error) {
    if (server) console.error(`server output:\n${server.output().slice(-3000)}`);
    throw error;
  } finally {
    await browser.close();
    if (server) await server.stop();
    if (options.keep || options.database) console.log(`\nkept: ${database.url}`);
    else await database.drop();
  }
}

main().then(
  // A kept database leaves the admin connection that made it open.
  () => options.keep && process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
