import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMigrationSandbox, type MigrationSandbox } from "../support/migration-sandbox";

// Migration 0012 (usage_events partitioned by day) on a copy of what the release before it held: two accounts' keys
// with 20,000 usage events over 42 days (some without an event id, as written before ids existed; some with tags or a
// reported status). After it every row is there unchanged, each in its day's partition, and the table behaves as
// before: ids go on from the sequence, a replayed event is skipped, deleting a key deletes its events.

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const ALICE = id(1);
const BOB = id(2);
const KEYS: [string, string][] = [
  [id(101), ALICE],
  [id(102), ALICE],
  [id(103), BOB],
  [id(104), BOB],
];
const EVENTS_PER_KEY = 5_000;
// Each key's events 12 minutes apart, from an hour ago back over nearly 42 days: every one of those days has some.
const MINUTES_APART = 12;

let sandbox: MigrationSandbox;
// Every column of every row, in id order: what the migration must leave exactly as it was.
const EVERY_ROW = `select md5(string_agg(concat_ws('|', id, event_id, key_id, account_id, at, method, route, status,
  latency_ms, ip, user_agent, refused, outcome, source, tags, reported_at), ',' order by id)) as digest,
  count(*)::int as n, max(id)::bigint as max_id from usage_events`;
let before: { digest: string; n: number; max_id: string };
let days: string[];

beforeAll(async () => {
  sandbox = await openMigrationSandbox();
  await sandbox.migrateTo("0011_teams");
  await sandbox.exec(`
    insert into users (id, email, name, password_hash, role) values
      ('${ALICE}', 'alice@acme.example', 'Alice', 'scrypt$x', 'client'), ('${BOB}', 'bob@widgets.example', 'Bob', 'scrypt$x', 'client');
    insert into accounts (id, name, kind) select id, name, 'personal' from users;
    insert into memberships (account_id, user_id, role) select id, id, 'owner' from users;
    insert into api_keys (id, account_id, name, environment, start, rate_limit, rate_limit_window, created_by) values
      ${KEYS.map(([kid, account], i) => `('${kid}', '${account}', 'Key ${i}', 'live', 'lk_live_ab${i}', 600, 'minute', '${account}')`).join(",\n")};
    insert into usage_events (event_id, key_id, account_id, at, method, route, status, latency_ms, ip, user_agent, refused,
        outcome, source, tags, reported_at)
      select case when g % 7 = 0 then null else gen_random_uuid() end, k.id, k.account_id,
        date_trunc('minute', now()) - interval '1 hour' - make_interval(mins => g * ${MINUTES_APART}),
        'GET', '/api/v1/me', case when g % 10 = 0 then 500 else 200 end, g % 50, '203.0.113.' || (g % 200), 'curl/8',
        g % 13 = 0, case when g % 13 = 0 then 'rate_limited' when g % 10 = 0 then 'failed' else 'ok' end,
        case when g % 3 = 0 then 'verify' else 'api' end, case when g % 5 = 0 then array['region=eu', 'plan=pro'] end,
        case when g % 11 = 0 then now() end
      from api_keys k cross join generate_series(1, ${EVENTS_PER_KEY}) g;
  `);
  [before] = await sandbox.query<typeof before>(EVERY_ROW);
  days = (
    await sandbox.query<{ day: string }>(
      `select distinct to_char(at at time zone 'UTC', 'YYYYMMDD') as day from usage_events order by 1`,
    )
  ).map((row) => row.day);
  await sandbox.migrateTo();
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
});

describe("migration 0012 (usage_events partitioned by day) on the previous release's data", () => {
  it("keeps every row with every column as it was", async () => {
    expect(before.n).toBe(KEYS.length * EVENTS_PER_KEY);
    const [after] = await sandbox.query<typeof before>(EVERY_ROW);
    expect(after).toEqual(before);
  });

  it("makes a table partitioned by range of at, with a partition for each day that had events, the week ahead and a default", async () => {
    const [parent] = await sandbox.query<{ kind: string; key: string }>(
      `select c.relkind::text as kind, pg_get_partkeydef(c.oid) as key from pg_class c where c.relname = 'usage_events'`,
    );
    expect(parent).toEqual({ kind: "p", key: "RANGE (at)" });
    const partitions = (
      await sandbox.query<{ name: string; bound: string }>(`
        select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound from pg_inherits i
        join pg_class c on c.oid = i.inhrelid where i.inhparent = 'usage_events'::regclass order by 1`)
    ).map((p) => p.name);
    expect(days.length).toBeGreaterThanOrEqual(42);
    expect(partitions).toEqual(expect.arrayContaining([...days.map((day) => `usage_events_p${day}`), "usage_events_default"]));
    const today = new Date();
    for (let i = 0; i <= 7; i++) {
      const day = new Date(today.getTime() + i * 24 * 60 * 60 * 1000).toISOString().slice(0, 10).replaceAll("-", "");
      expect(partitions).toContain(`usage_events_p${day}`);
    }
    // Each row lies in its own day's partition; none was left to the default one.
    const misplaced = await sandbox.query<{ n: number }>(`
      select count(*)::int as n from usage_events
      where tableoid::regclass::text <> 'usage_events_p' || to_char(at at time zone 'UTC', 'YYYYMMDD')`);
    expect(misplaced[0].n).toBe(0);
  });

  it("keeps the primary key, the indexes and the foreign key, with at in each unique one", async () => {
    const indexes = await sandbox.query<{ name: string; definition: string }>(
      `select indexname as name, indexdef as definition from pg_indexes where tablename = 'usage_events' order by 1`,
    );
    expect(indexes.map((i) => i.name)).toEqual([
      "usage_events_at_idx",
      "usage_events_event_id_at_idx",
      "usage_events_id_at_pk",
      "usage_events_key_at_idx",
    ]);
    expect(indexes.find((i) => i.name === "usage_events_event_id_at_idx")?.definition).toMatch(
      /UNIQUE INDEX .* \(event_id, at\)/,
    );
    const [fk] = await sandbox.query<{ definition: string }>(
      `select pg_get_constraintdef(oid) as definition from pg_constraint
       where conrelid = 'usage_events'::regclass and contype = 'f'`,
    );
    expect(fk.definition).toBe("FOREIGN KEY (key_id) REFERENCES api_keys(id) ON DELETE CASCADE");
  });

  it("numbers new events after the old ones, skips an event written again, and deletes a key's events with it", async () => {
    const [old] = await sandbox.query<{ event_id: string; at: string }>(
      `select event_id::text, at::text from usage_events where event_id is not null order by id limit 1`,
    );
    const [inserted] = await sandbox.query<{ id: string }>(`
      insert into usage_events (key_id, account_id, at, method, route, status, latency_ms)
      values ('${KEYS[0][0]}', '${ALICE}', now(), 'GET', '/api/v1/me', 200, 1) returning id`);
    expect(BigInt(inserted.id)).toBeGreaterThan(BigInt(before.max_id));
    const replayed = await sandbox.query(`
      insert into usage_events (event_id, key_id, account_id, at, method, route, status, latency_ms)
      values ('${old.event_id}', '${KEYS[0][0]}', '${ALICE}', '${old.at}', 'GET', '/api/v1/me', 200, 1)
      on conflict (event_id, at) do nothing returning id`);
    expect(replayed).toEqual([]);

    await sandbox.exec(`delete from api_keys where id = '${KEYS[3][0]}'`);
    const [{ n }] = await sandbox.query<{ n: number }>(
      `select count(*)::int as n from usage_events where key_id = '${KEYS[3][0]}'`,
    );
    expect(n).toBe(0);
  });
});
