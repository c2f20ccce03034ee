// Bulk usage for the page benchmarks: keys for one account, a few other client accounts with keys of their own, and
// usage events over 90 days with their rollups, written in SQL as fast as PostgreSQL takes them.
//
// How it goes fast: the usage tables are made UNLOGGED and lose their indexes and foreign keys while they are filled
// (no WAL, no per-row index or key checks), events come from generate_series in a few big INSERT … SELECTs on two
// connections (two cores), the rollups are summed from them in two halves by day, and the indexes and constraints
// come back afterwards, built in parallel, then VACUUM ANALYZE leaves the tables as autovacuum would (hint bits,
// visibility map, statistics). The tables stay UNLOGGED unless `logged` asks otherwise: reads cost the same either
// way (same heap, same buffers), and SET LOGGED rewrites every row through the WAL once more, which only a database
// meant to outlive a crash needs.
import postgres from "postgres";

// Must match LATENCY_BUCKETS_MS in db/schema/usage-rollups.ts.
const BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
const USAGE_TABLES = ["usage_events", "usage_rollups"];
// Ten routes, a call picks one: Latchkey's own API and a platform's calls verified with POST /verify.
const ROUTES = [
  ["GET", "/api/v1/me", "api"],
  ["GET", "/api/v1/keys", "api"],
  ["GET", "/api/v1/keys/:id", "api"],
  ["POST", "/api/v1/keys", "api"],
  ["GET", "/api/v1/keys/:id/usage", "api"],
  ["GET", "/v1/payments/:id", "verify"],
  ["GET", "/v1/payments/:id", "verify"],
  ["POST", "/v1/payments", "verify"],
  ["GET", "/v1/customers/:id", "verify"],
  ["GET", "/v1/customers/:id", "verify"],
];
const textArray = (values) => `array[${values.map((v) => `'${v}'`).join(", ")}]`;

const elapsed = (started) => `${((performance.now() - started) / 1000).toFixed(1)} s`;

/**
 * Fills the database. `keys` keys for `email`'s personal account (the busy one, key 1, gets a tenth of all calls; the
 * others a skewed share, as real keys do: a few heavy, a long tail of light ones), `clients` other client accounts
 * with `clientKeys` keys each sharing a fifth of the calls, and `events` events over the last 90 days. Answers the
 * account, the busy key and how long each step took.
 */
export async function loadUsage(url, { email, keys, clients, clientKeys, events, logged = false, log = console.log }) {
  const connect = () =>
    postgres(url, {
      max: 1,
      onnotice: () => {},
      // Loading only: big sorts and hashes in memory, no wait for the WAL flush.
      connection: { maintenance_work_mem: "1GB", work_mem: "256MB", synchronous_commit: "off" },
    });
  const [a, b] = [connect(), connect()];
  const timings = {};
  const total = performance.now();
  try {
    const [owner] = await a`select id from users where email = ${email}`;
    if (!owner) throw new Error(`${email} was not seeded`);
    let started = performance.now();
    await a.begin(async (tx) => {
      await tx`
        insert into api_keys (account_id, name, environment, start, rate_limit, rate_limit_window, created_at, updated_at)
        select ${owner.id}, 'Bench key ' || n, 'live', 'lk_live_b' || n, 600, 'minute',
          now() - interval '100 days' + n * interval '1 minute', now()
        from generate_series(1, ${keys}::int) as n`;
      if (clients > 0) {
        await tx`
          with made as (
            insert into users (email, name, password_hash)
            select 'client-' || n || '@bench.example', 'Bench client ' || n, 'bench: no sign-in'
            from generate_series(1, ${clients}::int) as n
            returning id, name),
          personal as (insert into accounts (id, name, kind, plan) select id, name, 'personal', 'advanced' from made returning id)
          insert into memberships (account_id, user_id, role) select id, id, 'owner' from personal`;
        await tx`
          insert into api_keys (account_id, name, environment, start, rate_limit, rate_limit_window, created_at, updated_at)
          select u.id, 'Client key ' || n, 'live', 'lk_live_c' || n, 600, 'minute', now() - interval '100 days', now()
          from users u, generate_series(1, ${clientKeys}::int) as n where u.email like 'client-%@bench.example'`;
      }
      await tx`
        insert into api_key_scopes (key_id, scope)
        select id, s from api_keys, unnest(array['keys:read', 'usage:read']) as s where start like 'lk_live_b%' or start like 'lk_live_c%'`;
    });
    // A plan that allows them: the advanced plan's 50 active keys would refuse any key made after these.
    await a`update plans set max_active_keys = greatest(max_active_keys, ${keys + clientKeys + 100}) where name = 'advanced'`;
    timings.keys = elapsed(started);
    log(`${keys.toLocaleString("en-US")} keys for ${email}, ${clients} other clients × ${clientKeys} keys: ${timings.keys}`);

    started = performance.now();
    const before = await unloadUsageTables(a);
    timings.prepare = elapsed(started);

    started = performance.now();
    const [{ maxId }] = await a`select coalesce(max(id), 0)::bigint as "maxId" from usage_events`;
    const chunk = 2_000_000;
    const chunks = [];
    for (let from = 0; from < events; from += chunk) chunks.push([from + 1, Math.min(events, from + chunk)]);
    let done = 0;
    // Two connections take chunks in turn: one statement per chunk, its own transaction.
    await Promise.all(
      [a, b].map(async (sql) => {
        for (let next = chunks.shift(); next; next = chunks.shift()) {
          await sql.unsafe(eventsSql(owner.id, next[0], next[1]));
          done += next[1] - next[0] + 1;
          process.stdout.write(`\r${done.toLocaleString("en-US")} events`);
        }
      }),
    );
    timings.events = elapsed(started);
    log(` in ${timings.events}`);

    started = performance.now();
    // Two halves by UTC day, so that no rollup row is summed in both.
    const middle = `(now() at time zone 'UTC')::date - 45`;
    const halves = [`(at at time zone 'UTC')::date < ${middle}`, `(at at time zone 'UTC')::date >= ${middle}`];
    await Promise.all([a, b].map((sql, i) => sql.unsafe(rollupsSql(`id > ${maxId} and ${halves[i]}`))));
    // The sums of the rollups (account rollups, key days), rebuilt whole (the demo's own usage is in them already):
    // the account rollups summed from the events by account, in the same two halves (a sum of per-key histograms is
    // the histogram of the calls, and this is four times faster than adding up 4.5M histograms position by position),
    // the key days as migration 0013 backfills them.
    const derived = await summaryTables(a);
    if (derived.length > 0) {
      await a.unsafe(`truncate ${derived.join(", ")}`);
      await Promise.all([
        a.unsafe(rollupsSql(halves[0], { byAccount: true })),
        b.unsafe(rollupsSql(halves[1], { byAccount: true })).then(() => b.unsafe(KEY_DAYS_SQL)),
      ]);
    }
    await a`
      update api_keys set request_count = t.n, last_used_at = t.last
      from (select key_id, count(*) filter (where not refused) as n, max(at) as last from usage_events
            where id > ${maxId} group by key_id) t
      where api_keys.id = t.key_id`;
    timings.rollups = elapsed(started);
    const [{ rollups }] = await a`select count(*)::int as rollups from usage_rollups`;
    const sums = derived.length ? ` (and ${derived.join(", ")})` : "";
    log(`${rollups.toLocaleString("en-US")} rollup rows${sums}: ${timings.rollups}`);

    started = performance.now();
    await restoreUsageTables([a, b], before, { logged });
    timings.indexes = elapsed(started);
    log(
      `indexes and constraints back, vacuumed and analysed${logged ? ", logged" : " (tables left UNLOGGED)"}: ${timings.indexes}`,
    );
    timings.total = elapsed(total);

    return { ...(await describeAccount(a, email)), timings };
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
}

/** What the benchmark needs to know of a database loaded before (`--database`): its account, busy key and size. */
export async function describeLoad(url, email) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await describeAccount(sql, email);
  } finally {
    await sql.end();
  }
}

async function describeAccount(sql, email) {
  const [owner] = await sql`select id from users where email = ${email}`;
  const [busy] = await sql`
    select id from api_keys where account_id = ${owner.id} and start like 'lk_live_b%' order by created_at limit 1`;
  // The key /keys shows last on its first page: the cursor of page 2.
  const [cursor] = await sql`
    select id from api_keys where account_id = ${owner.id} and hidden_at is null
    order by created_at desc, id desc offset 49 limit 1`;
  const [{ rollups }] = await sql`select count(*)::int as rollups from usage_rollups`;
  return { accountId: owner.id, busyKeyId: busy.id, secondPageAfter: cursor.id, rollups };
}

/** The tables of rollups' sums (migration 0013), when this tree has them. */
async function summaryTables(sql) {
  const rows = await sql`select tablename from pg_tables where tablename in ('usage_account_rollups', 'usage_key_days')`;
  return rows.map((row) => row.tablename);
}

// As drizzle/0013_account_and_key_day_rollups.sql backfills them.
const KEY_DAYS_SQL = `
  insert into usage_key_days (key_id, account_id, day, requests, errors, refused)
  select key_id, account_id, day, coalesce(sum(requests) filter (where not refused), 0)::int,
    coalesce(sum(requests) filter (where not refused and status >= 400), 0)::int,
    coalesce(sum(requests) filter (where refused), 0)::int
  from usage_rollups group by key_id, account_id, day`;

function eventsSql(accountId, from, to) {
  const methods = textArray(ROUTES.map((r) => r[0]));
  const routes = textArray(ROUTES.map((r) => r[1]));
  const sources = textArray(ROUTES.map((r) => r[2]));
  // r: the route, v: how the call ended, both spread over n by multiplying with primes; the key is drawn at random,
  // log-uniformly over the account's keys (key i is used about 1/i as often), and the time uniformly over 90 days.
  return `
    with k as (
      select array_agg(id order by created_at, name) filter (where start like 'lk_live_b%') as ids,
             count(*) filter (where start like 'lk_live_b%')::int as keys,
             array_agg(id order by id) filter (where start like 'lk_live_c%') as other_ids,
             array_agg(account_id order by id) filter (where start like 'lk_live_c%') as other_accounts,
             count(*) filter (where start like 'lk_live_c%')::int as others
      from api_keys),
    calls as (
      select n, 1 + ((n * 7919) % 997) % ${ROUTES.length} as r, (n * 104729) % 991 as v,
        (n % 5 = 0 and k.others > 0) as other, k.*
      from k, generate_series(${from}::bigint, ${to}::bigint) as n)
    insert into usage_events (key_id, account_id, at, method, route, status, latency_ms, ip, user_agent, refused, outcome, source)
    select
      case when other then other_ids[1 + (n / 5) % others]
           when n % 8 = 1 then ids[1]
           else ids[1 + floor(exp(random() * ln(keys)))::int % keys] end,
      case when other then other_accounts[1 + (n / 5) % others] else '${accountId}'::uuid end,
      now() - random() * interval '90 days',
      (${methods})[r], (${routes})[r],
      case when v < 20 then 429 when v < 30 then 403 when v < 35 then 401 when v < 55 then 404 when v < 60 then 500
           when (${methods})[r] = 'POST' then 201 else 200 end,
      (2 + 40 * power(random(), 3) + case when v >= 55 and v < 60 then 900 else 0 end)::int,
      '203.0.113.' || (n % 200),
      'bench/1.0',
      v < 35,
      case when v < 20 then 'rate_limited' when v < 30 then 'insufficient_scope' when v < 35 then 'revoked'
           when v < 60 then 'failed' else 'ok' end,
      (${sources})[r]
    from calls`;
}

function rollupsSql(where, { byAccount = false } = {}) {
  const buckets = BUCKETS.map((upper, i) =>
    i === 0
      ? `count(*) filter (where latency_ms <= ${upper})`
      : `count(*) filter (where latency_ms > ${BUCKETS[i - 1]} and latency_ms <= ${upper})`,
  );
  buckets.push(`count(*) filter (where latency_ms > ${BUCKETS.at(-1)})`);
  const [table, key] = byAccount ? ["usage_account_rollups", ""] : ["usage_rollups", "key_id, "];
  return `
    insert into ${table} (${key}account_id, day, route, status, refused, outcome, source, requests, latency_sum_ms,
      latency_buckets)
    select ${key}account_id, (at at time zone 'UTC')::date, method || ' ' || route, status, refused, outcome, source,
      count(*), sum(latency_ms), array[${buckets.join(", ")}]::int[]
    from usage_events where ${where}
    group by ${byAccount ? "1, 2, 3, 4, 5, 6, 7" : "1, 2, 3, 4, 5, 6, 7, 8"}`;
}

/** Drops the usage tables' indexes and foreign keys and makes them UNLOGGED; answers what to put back. */
async function unloadUsageTables(sql) {
  const tables = [...USAGE_TABLES, ...(await summaryTables(sql))];
  const constraints = await sql`
    select conrelid::regclass::text as "table", conname as name, contype as type, pg_get_constraintdef(oid) as definition
    from pg_constraint where conrelid = any(${tables}::regclass[]) and contype in ('p', 'u', 'f')`;
  const indexes = await sql`
    select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as definition
    from pg_index where indrelid = any(${tables}::regclass[])
      and indexrelid not in (select conindid from pg_constraint where contype in ('p', 'u'))`;
  for (const c of constraints.filter((c) => c.type === "f"))
    await sql.unsafe(`alter table ${c.table} drop constraint "${c.name}"`);
  for (const c of constraints.filter((c) => c.type !== "f"))
    await sql.unsafe(`alter table ${c.table} drop constraint "${c.name}"`);
  for (const i of indexes) await sql.unsafe(`drop index ${i.name}`);
  for (const table of tables) await sql.unsafe(`alter table ${table} set unlogged`);
  return { tables, constraints, indexes };
}

async function restoreUsageTables(connections, { tables, constraints, indexes }, { logged }) {
  const statements = [
    ...constraints.filter((c) => c.type !== "f").map((c) => `alter table ${c.table} add constraint "${c.name}" ${c.definition}`),
    ...indexes.map((i) => i.definition),
  ];
  // Index builds share the two connections, biggest table first.
  statements.sort((x, y) => Number(y.includes("usage_events")) - Number(x.includes("usage_events")));
  await Promise.all(
    connections.map(async (sql) => {
      for (let next = statements.shift(); next; next = statements.shift()) await sql.unsafe(next);
    }),
  );
  // Foreign keys last: each is checked against every row once, with the indexes in place.
  for (const c of constraints.filter((c) => c.type === "f")) {
    await connections[0].unsafe(`alter table ${c.table} add constraint "${c.name}" ${c.definition}`);
  }
  if (logged) for (const table of tables) await connections[0].unsafe(`alter table ${table} set logged`);
  await Promise.all(tables.map((table, i) => connections[i % 2].unsafe(`vacuum (analyze) ${table}`)));
  await connections[0].unsafe("analyze");
}
