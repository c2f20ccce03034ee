import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { listClientAccounts } from "@/db/queries/admin";
import { rankAccountKeys, rankPlatformKeys } from "@/db/queries/usage-rankings";
import { reportCalls } from "@/db/queries/usage-reports";
import { rebuildUsageSums } from "@/db/queries/usage-sums-rebuild";
import { writeUsageBatch, type UsageEventToWrite } from "@/db/queries/usage-writes";
import { usageAccountRollups, usageKeyDays, usageRollups } from "@/db/schema";
import { hideRevokedKey, revokeKey } from "@/lib/keys/lifecycle";
import { actorOf, apiKeyFor, createUser, usageRecordFor } from "../support/factories";

// The account rollups and key days are sums of the key rollups, kept by the same writes: whatever is written or moved
// by a report, summing the key rollups gives them back. The rankings and the admin's client list read them.

const DAY = 24 * 60 * 60 * 1000;

function call(key: { id: string; accountId: string }, overrides: Partial<UsageEventToWrite> = {}): UsageEventToWrite {
  return usageRecordFor(key, { eventId: randomUUID(), ...overrides });
}

/** The key rollups of the accounts summed as the account rollups and the key days should hold them. */
async function expectedSums(accountIds: string[]) {
  const db = await getDb();
  const rollups = await db.select().from(usageRollups).where(inArray(usageRollups.accountId, accountIds));
  const accounts = new Map<string, { requests: number; latencySumMs: number; latencyBuckets: number[] }>();
  const keyDays = new Map<string, { requests: number; errors: number; refused: number }>();
  for (const r of rollups) {
    const id = [r.accountId, r.day, r.route, r.status, r.refused, r.outcome, r.source].join("|");
    const sum = accounts.get(id) ?? { requests: 0, latencySumMs: 0, latencyBuckets: r.latencyBuckets.map(() => 0) };
    sum.requests += r.requests;
    sum.latencySumMs += r.latencySumMs;
    r.latencyBuckets.forEach((n, i) => {
      sum.latencyBuckets[i] += n;
    });
    accounts.set(id, sum);
    const day = keyDays.get(`${r.keyId}|${r.day}`) ?? { requests: 0, errors: 0, refused: 0 };
    if (r.refused) day.refused += r.requests;
    else {
      day.requests += r.requests;
      if (r.status >= 400) day.errors += r.requests;
    }
    keyDays.set(`${r.keyId}|${r.day}`, day);
  }
  return { accounts, keyDays };
}

async function storedSums(accountIds: string[]) {
  const db = await getDb();
  const accountRows = await db.select().from(usageAccountRollups).where(inArray(usageAccountRollups.accountId, accountIds));
  const keyDayRows = await db.select().from(usageKeyDays).where(inArray(usageKeyDays.accountId, accountIds));
  return {
    accounts: new Map(
      accountRows.map((r) => [
        [r.accountId, r.day, r.route, r.status, r.refused, r.outcome, r.source].join("|"),
        { requests: r.requests, latencySumMs: r.latencySumMs, latencyBuckets: r.latencyBuckets },
      ]),
    ),
    keyDays: new Map(
      keyDayRows.map((r) => [`${r.keyId}|${r.day}`, { requests: r.requests, errors: r.errors, refused: r.refused }]),
    ),
  };
}

describe("account rollups and key days", () => {
  it("are the key rollups summed, after batches of several keys and days and after reported calls move", async () => {
    const owner = await createUser();
    const other = await createUser();
    const [{ key: a }, { key: b }, { key: foreign }] = [
      await apiKeyFor(owner, ["payments:read"]),
      await apiKeyFor(owner, ["payments:read"]),
      await apiKeyFor(other, ["payments:read"]),
    ];
    const verified = Array.from({ length: 6 }, (_, i) =>
      call(a, { source: "verify", method: "POST", route: "/v1/payments", latencyMs: 10 + i }),
    );
    await writeUsageBatch([
      ...verified,
      ...Array.from({ length: 20 }, (_, i) =>
        call(i % 2 ? a : b, { at: new Date(Date.now() - (i % 3) * DAY), status: i % 5 === 0 ? 404 : 200, latencyMs: i * 30 }),
      ),
      call(b, { status: 429, refused: true, outcome: "rate_limited", counted: false }),
      call(foreign),
    ]);
    await writeUsageBatch([call(a), call(b, { at: new Date(Date.now() - 2 * DAY) })]);
    // Two calls reported failed, one reported fine but slow: each moves between rows of the same day.
    await reportCalls([
      { eventId: verified[0].eventId!, status: 502, latencyMs: 3000 },
      { eventId: verified[1].eventId!, status: 500, latencyMs: 40 },
      { eventId: verified[2].eventId!, status: 201, latencyMs: 900 },
    ]);

    const accounts = [owner.id, other.id];
    const stored = await storedSums(accounts);
    const expected = await expectedSums(accounts);
    expect(stored.accounts).toEqual(expected.accounts);
    expect(stored.keyDays).toEqual(expected.keyDays);
    // Today's row of key a: 6 verified calls (2 now failed), 3 of the twenty (one a 404) and 1 of the second batch.
    const today = new Date().toISOString().slice(0, 10);
    expect(stored.keyDays.get(`${a.id}|${today}`)).toEqual({ requests: 6 + 3 + 1, errors: 2 + 1, refused: 0 });
  });
});

describe("rebuilding the sums", () => {
  it("gives back the key rollups summed when writes reached the rollups but not their sums", async () => {
    const owner = await createUser();
    const [{ key: a }, { key: b }] = [await apiKeyFor(owner, ["payments:read"]), await apiKeyFor(owner, ["payments:read"])];
    await writeUsageBatch([
      ...Array.from({ length: 8 }, (_, i) => call(i % 2 ? a : b, { status: i % 4 === 0 ? 500 : 200, latencyMs: 5 + i * 40 })),
      call(a, { at: new Date(Date.now() - DAY), status: 429, refused: true, outcome: "rate_limited", counted: false }),
    ]);
    const expected = await expectedSums([owner.id]);
    // An instance of the version before 0013 wrote these: the rollups have them, the sums do not.
    const db = await getDb();
    await db.delete(usageAccountRollups).where(eq(usageAccountRollups.accountId, owner.id));
    await db.delete(usageKeyDays).where(eq(usageKeyDays.keyId, a.id));

    const rebuilt = await rebuildUsageSums(db);
    expect(rebuilt.accountRollups).toBeGreaterThanOrEqual(expected.accounts.size);
    expect(rebuilt.keyDays).toBeGreaterThanOrEqual(expected.keyDays.size);
    const stored = await storedSums([owner.id]);
    expect(stored.accounts).toEqual(expected.accounts);
    expect(stored.keyDays).toEqual(expected.keyDays);
    // Writes after the rebuild add to the rebuilt sums as before.
    await writeUsageBatch([call(a)]);
    expect((await storedSums([owner.id])).keyDays).toEqual((await expectedSums([owner.id])).keyDays);
  });
});

describe("key rankings", () => {
  it("rank an account's called keys busiest first, a page at a time, without hidden keys or another account's", async () => {
    const owner = await createUser();
    const other = await createUser();
    const keys = [];
    for (let i = 0; i < 4; i++) keys.push((await apiKeyFor(owner, ["payments:read"])).key);
    const [busy, middle, quiet, hidden] = keys;
    const idle = (await apiKeyFor(owner, ["payments:read"])).key;
    const { key: foreign } = await apiKeyFor(other, ["payments:read"]);
    await writeUsageBatch([
      ...Array.from({ length: 5 }, () => call(busy)),
      ...Array.from({ length: 3 }, () => call(middle)),
      call(quiet),
      call(quiet, { status: 403, refused: true, outcome: "insufficient_scope", counted: false }),
      ...Array.from({ length: 10 }, () => call(hidden)),
      ...Array.from({ length: 50 }, () => call(foreign)),
      // Twenty days ago: in the 30-day ranking only.
      ...Array.from({ length: 7 }, () => call(idle, { at: new Date(Date.now() - 20 * DAY) })),
    ]);
    await revokeKey(actorOf(owner), { keyId: hidden.id, accountId: owner.id });
    await hideRevokedKey(actorOf(owner), { keyId: hidden.id, accountId: owner.id });

    const first = await rankAccountKeys(owner.id, 7, { limit: 2 });
    expect(first.total).toBe(3);
    expect(first.keys.map((k) => [k.keyId, k.requests, k.refused])).toEqual([
      [busy.id, 5, 0],
      [middle.id, 3, 0],
    ]);
    expect(first.keys[0]).toMatchObject({ name: busy.name, accountId: owner.id, errors: 0 });
    expect(
      (await rankAccountKeys(owner.id, 7, { limit: 2, offset: 2 })).keys.map((k) => [k.keyId, k.requests, k.refused]),
    ).toEqual([[quiet.id, 1, 1]]);
    // Past the end: no keys, still the count.
    expect(await rankAccountKeys(owner.id, 7, { limit: 2, offset: 4 })).toEqual({ keys: [], total: 3 });
    expect((await rankAccountKeys(owner.id, 30, { limit: 10 })).keys.map((k) => k.keyId)).toEqual([
      idle.id,
      busy.id,
      middle.id,
      quiet.id,
    ]);
    expect(await rankAccountKeys(randomUUID(), 90, { limit: 10 })).toEqual({ keys: [], total: 0 });
    // The platform's ranking names keys of every account.
    const platform = await rankPlatformKeys(7, 1000);
    expect(platform.find((k) => k.keyId === foreign.id)).toMatchObject({ accountId: other.id, requests: 50 });
  });
});

describe("the admin's client list", () => {
  it("counts each client's accepted calls of the last 30 days from the account rollups", async () => {
    const owner = await createUser();
    const { key } = await apiKeyFor(owner, ["payments:read"]);
    await writeUsageBatch([
      ...Array.from({ length: 4 }, () => call(key)),
      call(key, { at: new Date(Date.now() - 10 * DAY) }),
      call(key, { status: 429, refused: true, outcome: "rate_limited", counted: false }),
      call(key, { at: new Date(Date.now() - 40 * DAY) }),
    ]);
    const { clients } = await listClientAccounts({ q: owner.email, page: 1 });
    expect(clients.map((c) => [c.id, c.requests30d])).toEqual([[owner.id, 5]]);
    const db = await getDb();
    // Four rows: today's accepted and refused calls apart, ten and forty days ago.
    expect((await db.select().from(usageAccountRollups).where(eq(usageAccountRollups.accountId, owner.id))).length).toBe(4);
  });
});
