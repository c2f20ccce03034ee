import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { getDb } from "@/db";
import { events } from "@/db/schema";
import { setClientPlan } from "@/lib/accounts/clients";
import { endGraceNow, setKeyDisabled } from "@/lib/keys/key-switches";
import { createKey, revokeKey, rollKey } from "@/lib/keys/lifecycle";
import { verifyKey } from "@/lib/keys/verify";
import { callRoute } from "../support/api";
import { actorOf, adminActorOf, createKeyInput, createUser } from "../support/factories";
import { organizationWithTeam } from "../support/teams";
import { auditEventsForKey } from "../support/inspect";

async function ownerAndKey() {
  const owner = await createUser();
  const issued = await createKey(actorOf(owner), owner.id, createKeyInput({ scopes: ["keys:read"] }));
  return { owner, ...issued, ref: { keyId: issued.key.id, accountId: owner.id } };
}

const eventTypesOf = async (keyId: string) => {
  const db = await getDb();
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.keyId, keyId)))
    .orderBy(asc(events.id));
  return rows.map((row) => row.type);
};

describe("disabling and enabling a key", () => {
  it("refuses every call while disabled and lets them through again once enabled, with audit rows and events", async () => {
    const { owner, secret, ref } = await ownerAndKey();
    const disabled = await setKeyDisabled(actorOf(owner), ref, true);
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    expect(await verifyKey(secret)).toMatchObject({ valid: false, reason: "disabled" });
    const refused = await callRoute(me, { path: "/me", key: secret });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("invalid_key");

    // Asking again for the state it is in changes nothing: no second row, no second event.
    await setKeyDisabled(actorOf(owner), ref, true);
    const enabled = await setKeyDisabled(actorOf(owner), ref, false);
    expect(enabled.disabledAt).toBeNull();
    expect((await verifyKey(secret)).valid).toBe(true);
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);

    const audit = await auditEventsForKey(ref.keyId);
    expect(audit.map((row) => row.action)).toEqual(["key.create", "key.disable", "key.enable"]);
    expect(audit[1].changes).toMatchObject({ disabledAt: { from: null, to: disabled.disabledAt?.toISOString() } });
    expect(await eventTypesOf(ref.keyId)).toEqual(["key.created", "key.disabled", "key.enabled"]);
  });

  it("cannot disable or enable a revoked key: revoking is final", async () => {
    const { owner, ref } = await ownerAndKey();
    await revokeKey(actorOf(owner), ref);
    await expect(setKeyDisabled(actorOf(owner), ref, true)).rejects.toThrow("revoked");
    await expect(setKeyDisabled(actorOf(owner), ref, false)).rejects.toThrow("revoked");
  });

  it("enabling gives access back, so it is refused on a plan without API access and beyond the member's role", async () => {
    const { owner, ref } = await ownerAndKey();
    await setKeyDisabled(actorOf(owner), ref, true);
    const admin = await createUser({ role: "admin" });
    await setClientPlan({ actor: adminActorOf(admin), clientId: owner.id }, "none");
    await expect(setKeyDisabled(actorOf(owner), ref, false)).rejects.toThrow("plan");
    expect((await auditEventsForKey(ref.keyId)).map((row) => row.action)).toContain("key.enable.denied");

    // A developer may turn off a key with a settings scope (that only takes access away), not turn it on again.
    const { org, as } = await organizationWithTeam();
    await setClientPlan({ actor: adminActorOf(admin), clientId: org.id }, "advanced");
    const { key } = await createKey(as("owner"), org.id, createKeyInput({ scopes: ["webhooks:manage"] }));
    const orgRef = { keyId: key.id, accountId: org.id };
    await setKeyDisabled(as("developer"), orgRef, true);
    await expect(setKeyDisabled(as("developer"), orgRef, false)).rejects.toThrow("Your role (developer) cannot grant");
    await setKeyDisabled(as("owner"), orgRef, false);
  });

  it("another account's key is not found, and the attempt is audited", async () => {
    const { ref } = await ownerAndKey();
    const stranger = await createUser();
    await expect(setKeyDisabled(actorOf(stranger), { ...ref, accountId: stranger.id }, true)).rejects.toThrow("Key not found.");
    expect((await verifyKey((await ownerAndKey()).secret)).valid).toBe(true);
  });
});

describe("ending a grace period now", () => {
  it("stops the rolled-out secret at once and leaves the new one working", async () => {
    const { owner, secret: old, ref } = await ownerAndKey();
    const rolled = await rollKey(actorOf(owner), ref, "24h");
    expect((await verifyKey(old)).valid).toBe(true);
    const { ended } = await endGraceNow(actorOf(owner), ref);
    expect(ended).toHaveLength(1);
    expect(old.startsWith(ended[0])).toBe(true);
    expect(await verifyKey(old)).toMatchObject({ valid: false, reason: "revoked" });
    expect((await verifyKey(rolled.secret)).valid).toBe(true);
    const [last] = (await auditEventsForKey(ref.keyId)).slice(-1);
    expect(last).toMatchObject({ action: "key.end_secret", changes: { secretStart: { to: ended } } });
    // Nothing left to end.
    await expect(endGraceNow(actorOf(owner), ref)).rejects.toThrow("No old secret of this key is in a grace period.");
  });
});
