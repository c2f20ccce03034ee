import { describe, expect, it } from "vitest";
import { findKeyBySecretHash, findKeyForAccount } from "@/db/queries/keys";
import { hashKey } from "@/lib/keys/hash";
import { createKey, hideRevokedKey, revokeKey, rollKey, updateKey } from "@/lib/keys/lifecycle";
import { updateKeySchema } from "@/lib/validations/key";
import { actorOf, createKeyInput, createUser } from "../support/factories";
import { deniedAttempts, rowCountsFor } from "../support/inspect";

const anEdit = updateKeySchema.parse({
  name: "Taken over",
  scopes: ["keys:read"],
  rateLimit: 1,
  rateLimitWindow: "minute",
  expiry: "never",
});

describe("another owner's key", () => {
  it("is not found by any lifecycle function, and nothing of it changes", async () => {
    const victim = await createUser();
    const intruder = await createUser();
    const { key, secret } = await createKey(actorOf(victim), victim.id, createKeyInput());
    const victimRef = { keyId: key.id, accountId: victim.id };
    // The intruder names the victim's key but, as every caller must, their own id as owner.
    const intruderRef = { keyId: key.id, accountId: intruder.id };
    const before = { victim: await rowCountsFor(victimRef), intruder: await rowCountsFor({ accountId: intruder.id }) };
    const keyBefore = await findKeyForAccount(victimRef);

    const attempts = {
      update: () => updateKey(actorOf(intruder), intruderRef, anEdit),
      roll: () => rollKey(actorOf(intruder), intruderRef, "now"),
      revoke: () => revokeKey(actorOf(intruder), intruderRef),
      hide: () => hideRevokedKey(actorOf(intruder), intruderRef),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      await expect(attempt(), name).rejects.toMatchObject({ code: "not_found", message: "Key not found." });
    }

    expect(await findKeyForAccount(victimRef)).toEqual(keyBefore);
    expect((await findKeyBySecretHash(hashKey(secret)))?.key.id).toBe(key.id);
    expect(await rowCountsFor(victimRef)).toEqual(before.victim);
    expect(await rowCountsFor({ accountId: intruder.id })).toEqual(before.intruder);
    // Each refused attempt is on the record, in the intruder's trail, naming the key they tried.
    const denied = await deniedAttempts(intruder.id);
    expect(denied.map((row) => row.action)).toEqual([
      "key.update.denied",
      "key.roll.denied",
      "key.revoke.denied",
      "key.hide.denied",
    ]);
    expect(denied.every((row) => row.keyId === key.id && row.actorUserId === intruder.id)).toBe(true);
  });

  it("is not found even by an admin acting under their own id", async () => {
    const owner = await createUser();
    const admin = await createUser({ role: "admin" });
    const { key } = await createKey(actorOf(owner), owner.id, createKeyInput());
    await expect(revokeKey(actorOf(admin), { keyId: key.id, accountId: admin.id })).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await findKeyForAccount({ keyId: key.id, accountId: owner.id }))?.revokedAt).toBeNull();
  });

  it("an unknown key id is not found either", async () => {
    const owner = await createUser();
    const ref = { keyId: "00000000-0000-4000-8000-000000000000", accountId: owner.id };
    await expect(rollKey(actorOf(owner), ref, "1h")).rejects.toMatchObject({ code: "not_found" });
    expect(await rowCountsFor(ref)).toEqual({ keys: 0, secrets: 0, scopes: 0, audit: 0 });
    expect((await deniedAttempts(owner.id)).map((row) => row.action)).toEqual(["key.roll.denied"]);
  });
});
