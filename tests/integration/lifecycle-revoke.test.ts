import { describe, expect, it } from "vitest";
import { findKeyForAccount, listKeysForAccount, listSecretsInGrace } from "@/db/queries/keys";
import { verifyKey } from "@/lib/keys/verify";
import { createKey, hideRevokedKey, revokeKey, rollKey, updateKey } from "@/lib/keys/lifecycle";
import { updateKeySchema } from "@/lib/validations/key";
import { actorOf, createKeyInput, createUser } from "../support/factories";
import { auditEventsForKey } from "../support/inspect";

async function issuedKey() {
  const owner = await createUser();
  const issued = await createKey(actorOf(owner), owner.id, createKeyInput());
  return { owner, ...issued, ref: { keyId: issued.key.id, accountId: owner.id } };
}

const anEdit = updateKeySchema.parse({
  name: "Renamed",
  scopes: ["keys:read"],
  rateLimit: 10,
  rateLimitWindow: "minute",
  expiry: "keep",
});

describe("revokeKey", () => {
  it("stops every secret of the key, including one still in its grace", async () => {
    const { owner, secret: first, ref } = await issuedKey();
    const { secret: second } = await rollKey(actorOf(owner), ref, "7d");
    expect((await verifyKey(first)).valid).toBe(true);

    const revoked = await revokeKey(actorOf(owner), ref);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await verifyKey(first)).toMatchObject({ valid: false, reason: "revoked", keyId: ref.keyId });
    expect(await verifyKey(second)).toMatchObject({ valid: false, reason: "revoked", keyId: ref.keyId });
    expect(await listSecretsInGrace(ref)).toEqual([]);
    expect((await findKeyForAccount(ref))?.revokedAt).toEqual(revoked.revokedAt);

    const events = await auditEventsForKey(ref.keyId);
    expect(events.map((e) => e.action)).toEqual(["key.create", "key.roll", "key.revoke"]);
    expect(events[2].changes).toEqual({ revokedAt: { to: revoked.revokedAt!.toISOString() } });
  });

  it("is final: edits and rolls are refused with a conflict, and nothing changes", async () => {
    const { owner, key, ref } = await issuedKey();
    await revokeKey(actorOf(owner), ref);
    const before = await findKeyForAccount(ref);

    await expect(updateKey(actorOf(owner), ref, anEdit)).rejects.toMatchObject({ code: "conflict" });
    await expect(rollKey(actorOf(owner), ref, "now")).rejects.toMatchObject({ code: "conflict" });
    expect(await findKeyForAccount(ref)).toEqual(before);
    expect(before?.name).toBe(key.name);
    expect((await auditEventsForKey(ref.keyId)).map((e) => e.action)).toEqual(["key.create", "key.revoke"]);
  });

  it("a second revoke changes nothing and records nothing", async () => {
    const { owner, ref } = await issuedKey();
    const first = await revokeKey(actorOf(owner), ref);
    const second = await revokeKey(actorOf(owner), ref);
    expect(second.revokedAt).toEqual(first.revokedAt);
    expect((await auditEventsForKey(ref.keyId)).map((e) => e.action)).toEqual(["key.create", "key.revoke"]);
  });
});

describe("hideRevokedKey", () => {
  it("refuses a key that is not revoked", async () => {
    const { owner, ref } = await issuedKey();
    await expect(hideRevokedKey(actorOf(owner), ref)).rejects.toMatchObject({ code: "conflict" });
    expect((await listKeysForAccount(owner.id)).map((k) => k.id)).toEqual([ref.keyId]);
    expect((await auditEventsForKey(ref.keyId)).map((e) => e.action)).toEqual(["key.create"]);
  });

  it("hides a revoked key from its owner but keeps its row and audit trail", async () => {
    const { owner, ref } = await issuedKey();
    await revokeKey(actorOf(owner), ref);
    await hideRevokedKey(actorOf(owner), ref);

    expect(await listKeysForAccount(owner.id)).toEqual([]);
    expect(await findKeyForAccount(ref)).toBeUndefined();
    expect((await auditEventsForKey(ref.keyId)).map((e) => e.action)).toEqual(["key.create", "key.revoke", "key.hide"]);
    // Hidden is gone as far as the owner can tell: a second hide finds nothing.
    await expect(hideRevokedKey(actorOf(owner), ref)).rejects.toMatchObject({ code: "not_found" });
  });
});
