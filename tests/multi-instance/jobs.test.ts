import { existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { baseEnv, createDatabase, issueKey, startInstance, waitFor } from "../../scripts/lib/instances.mjs";

// Scheduled jobs across instances: two servers on one database run the expiry check, which pg-boss fires once per
// minute in all; what it finds is recorded once.
type Instance = Awaited<ReturnType<typeof startInstance>>;
let database: Awaited<ReturnType<typeof createDatabase>>;
let sql: ReturnType<typeof postgres>;
let instances: Instance[] = [];

beforeAll(async () => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("These tests run a production build: run `npm run build` first.");
  database = await createDatabase("latchkey_jobs");
  // The schedules are looked at every second rather than every 30 (cron still fires once a minute).
  const env = baseEnv(database.url, { JOB_CRON_MONITOR_SECONDS: "1" });
  instances = await Promise.all([startInstance({ port: 3291, env }), startInstance({ port: 3292, env })]);
  const owner = `jobs-${randomUUID().slice(0, 8)}@test.latchkey.local`;
  // One after another: the first creates their owner.
  for (const name of ["A", "B", "C"]) await issueKey(env, { email: owner, scopes: "keys:read", name: `Expiring ${name}` });
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
  await sql`update api_keys set expires_at = now() + interval '3 days'`;
}, 180_000);

afterAll(async () => {
  await sql?.end();
  await Promise.all(instances.map((instance) => instance.stop()));
  await database?.drop();
});

describe("the expiry check on two instances", () => {
  it("runs once per minute in all, and records each key's warning once", async () => {
    const warned = () => sql`select key_id from events where type = 'key.expiring'`;
    // The next minute's run; then a little longer, for a second instance that might run it too.
    expect(await waitFor(async () => (await warned()).length >= 3, 75_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const keys = (await warned()).map((row) => row.key_id);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(3);

    // pg-boss's own record: one job per minute for the schedule, each completed by one worker.
    const jobs = await sql`
      select date_trunc('minute', created_on) as minute, count(*)::int as jobs,
             count(*) filter (where state = 'completed')::int as completed
      from pgboss.job where name = 'events.expiry-check' group by 1`;
    expect(jobs.length).toBeGreaterThan(0);
    for (const row of jobs) expect(row.jobs).toBe(1);
    expect(jobs.some((row) => row.completed === 1)).toBe(true);
  }, 120_000);
});
