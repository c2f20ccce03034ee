import { existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { baseEnv, createDatabase, issueKey, startInstance } from "../../scripts/lib/instances.mjs";

// A key's usage quota across instances: two production servers on one database share one exact count, because each
// counted call is one conditional upsert in Postgres (no Redis here: the count must not depend on it).
type Instance = Awaited<ReturnType<typeof startInstance>>;
let database: Awaited<ReturnType<typeof createDatabase>>;
let sql: ReturnType<typeof postgres>;
let instances: Instance[] = [];
let secret: string;

beforeAll(async () => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("These tests run a production build: run `npm run build` first.");
  database = await createDatabase("latchkey_quotas");
  const env = baseEnv(database.url);
  instances = await Promise.all([startInstance({ port: 3297, env }), startInstance({ port: 3298, env })]);
  secret = await issueKey(env, { email: `quotas-${randomUUID().slice(0, 8)}@test.latchkey.local`, scopes: "keys:read" });
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
  // Before any instance has seen (and cached) the key.
  await sql`update api_keys set usage_quota = 10, usage_quota_period = 'day'`;
}, 180_000);

afterAll(async () => {
  await sql?.end();
  await Promise.all(instances.map((instance) => instance.stop()));
  await database?.drop();
});

describe("usage quota on two instances", () => {
  it("lets exactly 10 of 100 parallel calls through, and records each quota event once", async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        fetch(`${instances[i % 2].url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } }).then(async (response) => ({
          status: response.status,
          body: (await response.json()) as { error?: { code: string } },
          instance: i % 2,
        })),
      ),
    );
    const passed = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(passed).toHaveLength(10);
    expect(refused).toHaveLength(90);
    expect(new Set(refused.map((answer) => answer.body.error?.code))).toEqual(new Set(["quota_exceeded"]));
    // Both instances served calls, so the count really was shared.
    expect(new Set(answers.map((answer) => answer.instance))).toEqual(new Set([0, 1]));

    const [counter] = await sql`select used::int as used from usage_quota_counters`;
    expect(counter.used).toBe(10);
    const quotaEvents = await sql`select type from events where type like 'key.quota_%' order by type`;
    expect(quotaEvents.map((row) => row.type)).toEqual(["key.quota_exhausted", "key.quota_warning"]);
  }, 60_000);
});
