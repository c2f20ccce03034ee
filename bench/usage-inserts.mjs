#!/usr/bin/env node
// Usage inserts as usage_events grows: the writer's own batches into a table holding 0, then 5M, then 20M events.
//
//   npm run bench:inserts [-- --sizes 0,5000000,20000000 --batches 30 --keys 1000]
//
// Creates two throw-away PostgreSQL databases, migrates them, gives each a day partition for each of the last 90 days,
// and at each size times `--batches` batches of 1,000 events (after 3 warm-ups) written by writeUsageBatch itself
// (db/queries/usage-writes.ts: the events, their rollups and the keys' counters, in one transaction), stamped now, as
// the recorder writes them. Between sizes the first database's table is filled with generate_series over the 90 days,
// 1M rows a statement; the second stays empty, and its batches alternate with the first's, so that the shared
// machine's load weighs on both alike: their ratio is the figure to read. Then it times looking events up by id, as a
// report does, with and without the bound on `at` that the id's time gives (db/event-id-time.ts). Prints rows/s and
// milliseconds per batch or lookup.
//
// Last, the cost of what the writer derives from each batch in its transaction (lib/events/usage-signals.ts: origins,
// signal counts, the events they fire), batches with and without it alternating on the empty database. Each key keeps
// its one address and client, as most do: after the first batches, an origin this process has noted is not looked up
// again for 30 minutes. The hour's counts ride on the key's counters' update in both variants.
//
// Runs the app's TypeScript through tsx, under the react-server condition (the db modules import "server-only").
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createDatabase } from "../scripts/lib/instances.mjs";

const { values: options } = parseArgs({
  options: {
    sizes: { type: "string", default: "0,5000000,20000000" },
    batches: { type: "string", default: "30" },
    keys: { type: "string", default: "1000" },
  },
});
const sizes = options.sizes.split(",").map(Number);
const batches = Number(options.batches);
const keyCount = Number(options.keys);
if (!sizes.every((n, i) => Number.isInteger(n) && n >= 0 && (i === 0 || n >= sizes[i - 1]))) {
  console.error("--sizes takes whole numbers in increasing order");
  process.exit(2);
}
if (![batches, keyCount].every((n) => Number.isInteger(n) && n > 0)) {
  console.error("--batches and --keys take whole numbers above 0");
  process.exit(2);
}

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 1_000;
const FILL_CHUNK = 1_000_000;
const ROUTES = ["/api/v1/me", "/api/v1/keys", "/api/v1/keys/:id", "/api/v1/scopes", "/api/v1/keys/:id/usage"];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p90 = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)];
const fmt = (n) => Math.round(n).toLocaleString("en-US");

process.env.LOG_LEVEL ??= "warn";
const databases = [await createDatabase("latchkey_bench_inserts"), await createDatabase("latchkey_bench_inserts")];
const sql = postgres(databases[0].url, { max: 1, onnotice: () => {} });
const handles = [];
try {
  const { openDatabase } = await import("../db/client.ts");
  const { writeUsageBatch } = await import("../db/queries/usage-writes.ts");
  const { ensureUsagePartitions } = await import("../db/queries/usage-partitions.ts");
  const { newEventId } = await import("../lib/usage/event-id.ts");
  // The app keeps its one handle here (db/index.ts); the bench swaps it to write to one database or the other.
  const holder = globalThis;
  const use = (i) => {
    holder.__latchkeyDb = Promise.resolve(handles[i]);
  };
  const now = Date.now();
  const keysOf = [];
  for (const [i, database] of databases.entries()) {
    handles.push(await openDatabase({ url: database.url, dataDir: "memory://" }));
    await handles[i].migrate();
    use(i);
    await ensureUsagePartitions({ now: new Date(now - 90 * DAY_MS), daysAhead: 97 });
    keysOf.push(await seedKeys(postgres(database.url, { max: 1, onnotice: () => {} })));
  }
  const [{ partitions }] = await sql`
    select count(*)::int as partitions from pg_inherits where inhparent = 'usage_events'::regclass`;
  console.log(`usage_events: ${partitions} partitions (90 days back, 7 ahead, the default)`);

  // One batch as the recorder hands it over: events of the last second, over many keys, routes and statuses.
  let sequence = 0;
  const batchOfEvents = (keys) =>
    Array.from({ length: BATCH }, () => {
      const n = sequence++;
      const key = keys[(n * 7919) % keys.length];
      const at = new Date(Date.now() - (n % 1000));
      return {
        eventId: newEventId(at.getTime()),
        keyId: key.id,
        accountId: key.account_id,
        at,
        method: n % 5 === 0 ? "POST" : "GET",
        route: ROUTES[n % ROUTES.length],
        status: n % 10 === 9 ? 404 : 200,
        latencyMs: 2 + (n % 40),
        ip: `203.0.113.${n % 200}`,
        userAgent: "bench/1.0",
        refused: false,
        outcome: n % 10 === 9 ? "failed" : "ok",
        failed: n % 10 === 9,
        counted: true,
      };
    });

  let filled = 0;
  const results = [];
  for (const size of sizes) {
    if (size > filled) {
      const started = performance.now();
      await fill(sql, filled, size, now);
      console.log(`\nfilled to ${fmt(size)} events in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      await sql`analyze usage_events`;
      filled = size;
    }
    const times = [[], []];
    for (let i = -3; i < batches; i++) {
      for (const db of [0, 1]) {
        use(db);
        const events = batchOfEvents(keysOf[db]);
        const started = performance.now();
        const written = await writeUsageBatch(events);
        if (i >= 0) times[db].push(performance.now() - started);
        if (written !== BATCH) throw new Error(`a batch wrote ${written} of ${BATCH} events`);
      }
    }
    const [grown, control] = times.map((t) => ({ rowsPerSecond: (BATCH * 1000) / median(t), median: median(t), p90: p90(t) }));
    results.push({ size, grown, control });
    console.log(
      `${fmt(size).padStart(11)} events: ${fmt(grown.rowsPerSecond).padStart(7)} rows/s (median batch ` +
        `${grown.median.toFixed(1)} ms, p90 ${grown.p90.toFixed(1)} ms); the empty table meanwhile ` +
        `${fmt(control.rowsPerSecond)} rows/s`,
    );
  }

  console.log(`\nwriteUsageBatch, ${batches} batches of 1,000 events at each size, alternating with the empty table:`);
  console.log("| events in usage_events | rows/s | ms per batch: median | p90 | empty table meanwhile: rows/s | ratio |");
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const { size, grown, control } of results) {
    console.log(
      `| ${fmt(size)} | ${fmt(grown.rowsPerSecond)} | ${grown.median.toFixed(1)} | ${grown.p90.toFixed(1)} | ` +
        `${fmt(control.rowsPerSecond)} | ${(grown.rowsPerSecond / control.rowsPerSecond).toFixed(2)} |`,
    );
  }
  await lookups(sql, filled);
  await signalsCost(keysOf[1], batchOfEvents);
} finally {
  for (const handle of handles) await handle.close();
  await sql.end();
  for (const database of databases) await database.drop();
}

/** A user, their account and `keyCount` keys; answers the keys. */
async function seedKeys(sql) {
  await sql`insert into users (id, email, name, password_hash) values (gen_random_uuid(), 'bench@inserts.local', 'Bench', 'x')`;
  await sql`insert into accounts (id, name, kind) select id, name, 'personal' from users`;
  await sql`
    insert into api_keys (account_id, name, environment, start, rate_limit, rate_limit_window)
    select (select id from accounts), 'Bench key ' || n, 'live', 'lk_live_bench', 600, 'minute'
    from generate_series(1, ${keyCount}::int) as n`;
  const keys = await sql`select id, account_id from api_keys order by name`;
  await sql.end();
  return keys;
}

/**
 * Events `from`+1 … `to`, spread evenly over the 90 days before `now`, each with a UUIDv7 of its own time. Foreign-key
 * triggers are off for the fill alone (every key_id is one of the keys just made): checking 20M rows one by one would
 * take longer than the rest of the benchmark. The measured batches run with them, on the app's own connections.
 */
async function fill(sql, from, to, now) {
  await sql`set session_replication_role = replica`;
  for (let start = from; start < to; start += FILL_CHUNK) {
    const end = Math.min(to, start + FILL_CHUNK);
    await sql`
      with keys as (select array_agg(id order by name) as ids, min(account_id::text)::uuid as account from api_keys),
      rows as (
        select g, now_at - make_interval(secs => (g::double precision / ${to}::int) * 90 * 86400) as at
        from generate_series(${start + 1}::int, ${end}::int) g, (select ${new Date(now).toISOString()}::timestamptz as now_at) t)
      insert into usage_events (event_id, key_id, account_id, at, method, route, status, latency_ms, ip, user_agent)
      select
        (lpad(to_hex((extract(epoch from at) * 1000)::bigint), 12, '0') || '7' || substr(md5(g::text), 1, 3) || '8'
          || substr(md5(g::text), 4, 15))::uuid,
        keys.ids[1 + (g % ${keyCount}::int)], keys.account, at,
        case when g % 5 = 0 then 'POST' else 'GET' end, '/api/v1/me', 200, 2 + g % 40, '203.0.113.' || (g % 200), 'bench/1.0'
      from rows, keys`;
    process.stdout.write(`\r${fmt(end)} events`);
  }
  await sql`set session_replication_role = origin`;
}

/**
 * A report looks its event up by id (db/queries/usage-reports.ts). Without a bound on `at` Postgres probes the
 * event-id index of every partition; with the bound the id's time gives, only the partition or two that can hold it.
 */
async function lookups(sql, size) {
  const sample = await sql`
    select event_id::text as id from usage_events where event_id is not null
    order by random() limit 200`;
  const hour = 60 * 60 * 1000;
  const timed = async (bounded, ids) => {
    const started = performance.now();
    const times = ids.map((id) => Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16));
    const from = new Date(Math.min(...times) - hour).toISOString();
    const until = new Date(Math.max(...times) + hour).toISOString();
    const rows = bounded
      ? await sql`select id from usage_events where event_id = any(${ids}::uuid[])
          and at >= ${from}::timestamptz and at < ${until}::timestamptz`
      : await sql`select id from usage_events where event_id = any(${ids}::uuid[])`;
    if (rows.length !== ids.length) throw new Error(`found ${rows.length} of ${ids.length} events`);
    return performance.now() - started;
  };
  const one = sample.map((row) => [row.id]);
  const hundred = [sample.slice(0, 100).map((row) => row.id), sample.slice(100).map((row) => row.id)];
  // Reports come for calls of the last seconds: a batch of 100 ids of one day is the usual case.
  const [today] = await sql`select array_agg(event_id::text) as ids from (
      select event_id from usage_events where at > now() - interval '1 hour' and event_id is not null limit 100) t`;
  console.log(`\nlooking events up by id in ${fmt(size)} events (median of each, after a warm-up):`);
  for (const [label, sets] of [
    ["1 id", one],
    ["100 ids, random days", hundred],
    ["100 ids, the last hour", [today.ids, today.ids, today.ids]],
  ]) {
    for (const bounded of [false, true]) {
      await timed(bounded, sets[0]);
      const times = [];
      for (const ids of sets) times.push(await timed(bounded, ids));
      console.log(
        `${label.padEnd(24)} ${bounded ? "at bounded by the id" : "event_id alone     "}  ${median(times).toFixed(2)} ms`,
      );
    }
  }
  const [plan] = await sql`explain (format json) select id from usage_events where event_id = ${one[0][0]}::uuid`;
  const made = Number.parseInt(one[0][0].replaceAll("-", "").slice(0, 12), 16);
  const [boundedPlan] = await sql.unsafe(
    `explain (format json) select id from usage_events where event_id = $1::uuid and at >= $2::timestamptz and at < $3::timestamptz`,
    [one[0][0], new Date(made - hour).toISOString(), new Date(made + hour).toISOString()],
  );
  // Each partition read shows as one node naming it: an index scan, or a plain scan of one still empty.
  const scans = (node) => (node.Plans ?? []).reduce((n, child) => n + scans(child), node["Relation Name"] ? 1 : 0);
  console.log(
    `partitions one lookup of an id reads: event_id alone ${scans(plan["QUERY PLAN"][0].Plan)}, ` +
      `bounded by the id's time ${scans(boundedPlan["QUERY PLAN"][0].Plan)}`,
  );
}

async function signalsCost(keys, batchOfEvents) {
  const { recordUsageSignals } = await import("../lib/events/usage-signals.ts");
  const times = { without: [], with: [] };
  for (let i = -3; i < batches; i++) {
    for (const variant of ["without", "with"]) {
      const events = batchOfEvents(keys);
      const started = performance.now();
      await writeUsageBatchOf(events, variant === "with" ? { alsoWithin: recordUsageSignals } : {});
      if (i >= 0) times[variant].push(performance.now() - started);
    }
  }
  const [without, withSignals] = [median(times.without), median(times.with)];
  console.log(
    `\nusage signals (new origins, counts, events) in the writer's transaction, ${batches} batches each, alternating: ` +
      `median batch ${without.toFixed(1)} ms without, ${withSignals.toFixed(1)} ms with (${(withSignals / without).toFixed(2)}×; ` +
      `p90 ${p90(times.without).toFixed(1)} / ${p90(times.with).toFixed(1)} ms)`,
  );
}

async function writeUsageBatchOf(events, options) {
  const { writeUsageBatch } = await import("../db/queries/usage-writes.ts");
  return writeUsageBatch(events, options);
}
