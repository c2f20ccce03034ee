import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { apiKeys, events } from "@/db/schema";
import { checkExpiries } from "@/lib/events/expiry-checks";
import { createKey, revokeKey, rollKey } from "@/lib/keys/lifecycle";
import { actorOf, createKeyInput, createUser } from "../support/factories";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

async function keyExpiringIn(ms: number, now: Date) {
  const owner = await createUser();
  const { key } = await createKey(actorOf(owner), owner.id, createKeyInput({ name: `Expires in ${ms / HOUR} h` }));
  const db = await getDb();
  await db
    .update(apiKeys)
    .set({ expiresAt: new Date(now.getTime() + ms) })
    .where(eq(apiKeys.id, key.id));
  return { owner, key };
}

async function findings(accountId: string) {
  const db = await getDb();
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.accountId, accountId)))
    .orderBy(asc(events.occurredAt), asc(events.id));
  return rows.filter((event) => event.type !== "key.created" && event.type !== "key.rolled").map((event) => event.type);
}

describe("the expiry check", () => {
  it("warns 7 days ahead, then 1 day ahead, then says the key expired: each once, however often it runs", async () => {
    const start = new Date();
    const { owner } = await keyExpiringIn(3 * DAY, start);

    await checkExpiries(start);
    await checkExpiries(start);
    expect(await findings(owner.id)).toEqual(["key.expiring"]);

    await checkExpiries(new Date(start.getTime() + 2 * DAY + HOUR));
    await checkExpiries(new Date(start.getTime() + 2 * DAY + 2 * HOUR));
    expect(await findings(owner.id)).toEqual(["key.expiring", "key.expiring"]);

    await checkExpiries(new Date(start.getTime() + 3 * DAY + 1000));
    await checkExpiries(new Date(start.getTime() + 3 * DAY + 2000));
    expect(await findings(owner.id)).toEqual(["key.expiring", "key.expiring", "key.expired"]);

    const db = await getDb();
    const recorded = await db.select().from(events).where(eq(events.accountId, owner.id)).orderBy(asc(events.occurredAt));
    const warnings = recorded.filter((event) => event.type === "key.expiring").map((event) => event.data.within);
    expect(warnings).toEqual(["7d", "1d"]);
  });

  it("gives only the 1-day warning to a key that expires within a day, and finds a new expiry again", async () => {
    const now = new Date();
    const { owner, key } = await keyExpiringIn(12 * HOUR, now);
    await checkExpiries(now);
    expect(await findings(owner.id)).toEqual(["key.expiring"]);

    const db = await getDb();
    await db
      .update(apiKeys)
      .set({ expiresAt: new Date(now.getTime() + 5 * DAY) })
      .where(eq(apiKeys.id, key.id));
    await checkExpiries(now);
    expect(await findings(owner.id)).toEqual(["key.expiring", "key.expiring"]);
  });

  it("says nothing of revoked keys, nor of keys long expired when it first looks", async () => {
    const now = new Date();
    const revoked = await keyExpiringIn(2 * DAY, now);
    await revokeKey(actorOf(revoked.owner), { keyId: revoked.key.id, accountId: revoked.owner.id });
    const ancient = await keyExpiringIn(-3 * DAY, now);
    await checkExpiries(now);
    expect(await findings(revoked.owner.id)).toEqual(["key.revoked"]);
    expect(await findings(ancient.owner.id)).toEqual([]);
  });

  it("tells when a rolled key's old secret stops working within a day", async () => {
    const now = new Date();
    const owner = await createUser();
    const { key } = await createKey(actorOf(owner), owner.id, createKeyInput());
    const rolled = await rollKey(actorOf(owner), { keyId: key.id, accountId: owner.id }, "1h");
    await checkExpiries(now);
    await checkExpiries(now);
    expect(await findings(owner.id)).toEqual(["key.grace_ending"]);
    const db = await getDb();
    const [event] = await db
      .select()
      .from(events)
      .where(and(eq(events.accountId, owner.id), eq(events.type, "key.grace_ending")));
    expect(event.data).toMatchObject({ key: { id: key.id, start: rolled.key.start }, oldSecret: { start: key.start } });
  });
});
