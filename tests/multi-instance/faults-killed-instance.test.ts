import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { baseEnv, createDatabase, issueKey, startInstance, waitFor } from "../../scripts/lib/instances.mjs";

// Usage is billing data: an acknowledged request must be counted even when its process is killed outright. Each
// instance journals usage before answering; whoever starts next on the host replays what the killed one left.
type Instance = Awaited<ReturnType<typeof startInstance>>;
let database: Awaited<ReturnType<typeof createDatabase>>;
let env: Record<string, string>;
let journalDir: string;
const started: Instance[] = [];

const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
const email = () => `killed-${randomUUID().slice(0, 8)}@test.latchkey.local`;
const journalFiles = () => readdirSync(journalDir).filter((name) => name.endsWith(".journal"));

async function start(port: number) {
  const instance = await startInstance({ port, env });
  started.push(instance);
  return instance;
}

/** Eight clients call the API until the server stops answering; counts the answers they got and the calls cut off. */
function drive(url: string, secret: string) {
  const tally = { acknowledged: 0, cutOff: 0 };
  let stopping = false;
  const workers = Array.from({ length: 8 }, async () => {
    while (!stopping) {
      try {
        const response = await fetch(`${url}/api/v1/me`, { headers: bearer(secret) });
        await response.arrayBuffer();
        if (response.status === 200) tally.acknowledged++;
      } catch {
        tally.cutOff++;
        return;
      }
    }
  });
  return {
    tally,
    async stop() {
      stopping = true;
      await Promise.all(workers);
    },
  };
}

async function usageOf(keyId: string) {
  const sql = postgres(database.url, { max: 1 });
  try {
    const [{ rows }] = await sql`select count(*)::int as rows from usage_events where key_id = ${keyId}`;
    const [{ requests }] = await sql`select request_count::int as requests from api_keys where id = ${keyId}`;
    return { rows: rows as number, requests: requests as number };
  } finally {
    await sql.end();
  }
}

/** Polls until the count has stopped moving for two seconds (the replay is done), or the time is up. */
async function settledUsage(keyId: string, atLeast: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = await usageOf(keyId);
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await usageOf(keyId);
    if (now.rows !== last.rows || now.requests !== last.requests) stableSince = Date.now();
    last = now;
    if (last.rows >= atLeast && Date.now() - stableSince > 2_000) break;
  }
  return last;
}

beforeAll(async () => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("These tests run a production build: run `npm run build` first.");
  database = await createDatabase("latchkey_killed");
  journalDir = mkdtempSync(path.join(tmpdir(), "latchkey-killed-journal-"));
  env = baseEnv(database.url, { USAGE_JOURNAL_DIR: journalDir });
}, 60_000);

afterAll(async () => {
  await Promise.all(started.map((instance) => instance.stop("SIGKILL")));
  await database?.drop();
  rmSync(journalDir, { recursive: true, force: true });
});

describe("an instance killed (SIGKILL) under load", () => {
  it("loses no acknowledged request: the next instance replays its journal, and counts nothing twice", async () => {
    const victim = await start(3345);
    const secret = await issueKey(env, { email: email(), scopes: "keys:read", rateLimit: "10000/minute" });
    const me = await (await fetch(`${victim.url}/api/v1/me`, { headers: bearer(secret) })).json();
    const load = drive(victim.url, secret);
    // Killed once it is under load: 2.5 s and 150 acknowledged requests at least (a busy machine answers fewer a second).
    const loading = Date.now();
    while (Date.now() - loading < 2_500 || (load.tally.acknowledged < 150 && Date.now() - loading < 20_000)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await victim.stop("SIGKILL")).toBe("SIGKILL");
    await load.stop();
    const acknowledged = load.tally.acknowledged + 1;
    const before = await usageOf(me.id);

    const successor = await start(3346);
    const after = await settledUsage(me.id, acknowledged, 30_000);
    console.log(
      `SIGKILL: ${acknowledged} acknowledged, ${load.tally.cutOff} cut off; ` +
        `${before.rows} rows before the replay, ${after.rows} after; request_count ${after.requests}`,
    );
    expect(acknowledged).toBeGreaterThan(100);
    // Every acknowledged request, and at most the ones cut off mid-answer (handled and journaled, answer lost).
    expect(after.rows).toBeGreaterThanOrEqual(acknowledged);
    expect(after.rows).toBeLessThanOrEqual(acknowledged + load.tally.cutOff);
    expect(after.requests).toBe(after.rows);
    // The victim's files are adopted once untouched for 5 s, replayed (ids already written count nothing) and deleted,
    // also when the victim had written everything before it died and nothing was left to replay.
    expect(await waitFor(async () => journalFiles().length === 0, 20_000)).toBe(true);
    expect(await usageOf(me.id)).toEqual(after);
    expect(await successor.stop("SIGTERM")).toBe(0);
    expect(journalFiles()).toEqual([]);
  }, 120_000);
});

describe("an instance stopped (SIGTERM) under load", () => {
  it("writes exactly the acknowledged requests and leaves an empty journal, so the next start replays nothing", async () => {
    const instance = await start(3347);
    const secret = await issueKey(env, { email: email(), scopes: "keys:read", rateLimit: "10000/minute" });
    const me = await (await fetch(`${instance.url}/api/v1/me`, { headers: bearer(secret) })).json();
    const load = drive(instance.url, secret);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const exit = instance.stop("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await load.stop();
    expect(await exit).toBe(0);
    const acknowledged = load.tally.acknowledged + 1;
    expect(journalFiles()).toEqual([]);
    expect(await usageOf(me.id)).toEqual({ rows: acknowledged, requests: acknowledged });

    const next = await start(3348);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await usageOf(me.id)).toEqual({ rows: acknowledged, requests: acknowledged });
    console.log(`SIGTERM: ${acknowledged} acknowledged, ${acknowledged} rows`);
    await next.stop("SIGTERM");
  }, 120_000);
});
