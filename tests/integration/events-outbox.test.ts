import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { events } from "@/db/schema";
import { setClientPlan, setClientStatus } from "@/lib/accounts/clients";
import { recordEvent } from "@/lib/events/record";
import { hashKey } from "@/lib/keys/hash";
import { createKey, revokeKey, rollKey, setKeyIpAllowlist, updateKey } from "@/lib/keys/lifecycle";
import { actorOf, adminActorOf, createKeyInput, createUser } from "../support/factories";

// The outbox: an event exists if and only if the change it tells of committed.

async function eventsOf(accountId: string) {
  const db = await getDb();
  return db.select().from(events).where(eq(events.accountId, accountId)).orderBy(asc(events.id));
}

describe("the events outbox", () => {
  it("records each change of a key's life with the key, the actor and what changed, and never its secret", async () => {
    const owner = await createUser();
    const actor = actorOf(owner);
    const { key, secret } = await createKey(actor, owner.id, createKeyInput({ name: "Orders" }));
    const ref = { keyId: key.id, accountId: owner.id };
    await updateKey(actor, ref, { ...createKeyInput({ name: "Orders v2" }), expiresAt: null });
    await setKeyIpAllowlist(actor, ref, ["10.0.0.0/8"]);
    const rolled = await rollKey(actor, ref, "1h");
    await revokeKey(actor, ref);
    await revokeKey(actor, ref);

    const recorded = await eventsOf(owner.id);
    expect(recorded.map((event) => event.type)).toEqual([
      "key.created",
      "key.updated",
      "key.updated",
      "key.rolled",
      "key.revoked",
    ]);
    expect(recorded.every((event) => event.keyId === key.id && event.dispatchedAt === null)).toBe(true);
    expect(recorded[0].data).toMatchObject({
      key: { id: key.id, name: "Orders", start: key.start, environment: "live", scopes: key.scopes, expiresAt: null },
      actor: { type: "user", id: owner.id },
    });
    expect(recorded[1].data).toMatchObject({
      key: { name: "Orders v2" },
      changes: { name: { from: "Orders", to: "Orders v2" } },
    });
    expect(recorded[2].data).toMatchObject({ changes: { ipAllowlist: { from: [], to: ["10.0.0.0/8"] } } });
    expect(recorded[3].data).toMatchObject({ changes: { start: { from: key.start, to: rolled.key.start } } });

    const text = JSON.stringify(recorded);
    for (const raw of [secret, rolled.secret]) {
      expect(text).not.toContain(raw.slice(key.start.length));
      expect(text).not.toContain(hashKey(raw));
    }
  });

  it("records nothing for a change that was refused or changed nothing", async () => {
    const owner = await createUser();
    const actor = actorOf(owner);
    const { key } = await createKey(actor, owner.id, createKeyInput());
    const ref = { keyId: key.id, accountId: owner.id };
    await updateKey(actor, ref, { ...createKeyInput(), expiresAt: null });
    await expect(createKey(actor, owner.id, createKeyInput({ scopes: ["admin:everything"] }))).rejects.toThrow();
    const stranger = await createUser();
    await expect(revokeKey(actorOf(stranger), ref)).rejects.toThrow();

    expect((await eventsOf(owner.id)).map((event) => event.type)).toEqual(["key.created"]);
  });

  it("is written in the change's transaction: rolled back with it", async () => {
    const owner = await createUser();
    const db = await getDb();
    await expect(
      db.transaction(async (tx) => {
        await recordEvent(tx, { accountId: owner.id, type: "key.expired", data: {} });
        throw new Error("the change failed after its event");
      }),
    ).rejects.toThrow("the change failed");
    expect(await eventsOf(owner.id)).toEqual([]);
  });

  it("keeps one event for a finding recorded twice under the same dedupe key", async () => {
    const owner = await createUser();
    const db = await getDb();
    const finding = { accountId: owner.id, type: "key.expiring" as const, data: { days: 7 }, dedupeKey: `test:${owner.id}` };
    expect(await recordEvent(db, finding)).toBe(true);
    expect(await recordEvent(db, finding)).toBe(false);
    expect(await eventsOf(owner.id)).toHaveLength(1);
  });

  it("records an admin's plan change, suspension and reactivation of a client", async () => {
    const admin = await createUser({ role: "admin" });
    const client = await createUser();
    const change = { actor: adminActorOf(admin), clientId: client.id };
    await setClientPlan(change, "basic");
    await setClientStatus(change, "suspended");
    await setClientStatus(change, "suspended");
    await setClientStatus(change, "active");

    const recorded = await eventsOf(client.id);
    expect(recorded.map((event) => event.type)).toEqual(["account.plan_changed", "account.suspended", "account.reactivated"]);
    expect(recorded[0].data).toMatchObject({
      account: { id: client.id },
      actor: { type: "user", id: admin.id },
      changes: { plan: { from: "advanced", to: "basic" } },
    });
  });
});
