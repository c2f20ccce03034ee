import { describe, expect, it } from "vitest";
import { findKeyBySecretHash, findKeyForAccount, listSecretsInGrace } from "@/db/queries/keys";
import { verifyKey } from "@/lib/keys/verify";
import { parseKey } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";
import { createKey, rollKey } from "@/lib/keys/lifecycle";
import { actorOf, createKeyInput, createUser } from "../support/factories";
import { allRowsAsText, auditEventsForKey, tablesContainingAnyPart } from "../support/inspect";

const HOUR = 60 * 60 * 1000;

async function issuedKey() {
  const owner = await createUser();
  const issued = await createKey(actorOf(owner), owner.id, createKeyInput({ environment: "test" }));
  return { owner, ...issued, ref: { keyId: issued.key.id, accountId: owner.id } };
}

// Whether the secret still authenticates, the way the API decides it.
const findable = async (secret: string) => {
  const verification = await verifyKey(secret);
  return verification.valid ? verification.record.key.id : undefined;
};

describe("rollKey", () => {
  it("with no grace, stops the old secret at once and starts the new one", async () => {
    const { owner, secret: old, key, ref } = await issuedKey();
    const rolled = await rollKey(actorOf(owner), ref, "now");

    expect(rolled.secret).not.toBe(old);
    expect(parseKey(rolled.secret, "lk")?.environment).toBe("test");
    expect(await findable(old)).toBeUndefined();
    expect(await findable(rolled.secret)).toBe(key.id);
    expect(await listSecretsInGrace(ref)).toEqual([]);

    const current = await findKeyForAccount(ref);
    expect(current?.start).toBe(rolled.key.start);
    expect(rolled.secret.startsWith(current!.start)).toBe(true);
    expect(current?.scopes).toEqual(key.scopes);

    const contents = await allRowsAsText();
    expect(tablesContainingAnyPart(contents, rolled.secret.slice(rolled.key.start.length), 8)).toEqual([]);
    expect(tablesContainingAnyPart(contents, hashKey(rolled.secret))).toEqual(["public.api_key_secrets"]);

    const [, event] = await auditEventsForKey(key.id);
    expect(event).toMatchObject({
      action: "key.roll",
      actorUserId: owner.id,
      changes: { start: { from: key.start, to: rolled.key.start }, graceEndsAt: { to: null } },
    });
  });

  it("with a grace of an hour, keeps the old secret working until it ends", async () => {
    const { owner, secret: old, key, ref } = await issuedKey();
    const before = Date.now();
    const rolled = await rollKey(actorOf(owner), ref, "1h");

    expect(await findable(old)).toBe(key.id);
    expect(await findable(rolled.secret)).toBe(key.id);
    const [grace] = await listSecretsInGrace(ref);
    expect(grace.start).toBe(key.start);
    expect(grace.expiresAt.getTime()).toBeGreaterThanOrEqual(before + HOUR - 1000);
    expect(grace.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + HOUR + 1000);
    expect((await findKeyBySecretHash(hashKey(old)))?.secretExpiresAt).toEqual(grace.expiresAt);
    expect((await findKeyBySecretHash(hashKey(rolled.secret)))?.secretExpiresAt).toBeNull();

    const [, event] = await auditEventsForKey(key.id);
    expect(event.changes?.graceEndsAt).toEqual({ to: grace.expiresAt.toISOString() });
  });

  it("never extends a grace already running, and a later roll with no grace ends it", async () => {
    const { owner, secret: first, ref } = await issuedKey();
    const second = await rollKey(actorOf(owner), ref, "1h");
    const [firstGrace] = await listSecretsInGrace(ref);

    const third = await rollKey(actorOf(owner), ref, "7d");
    const graces = await listSecretsInGrace(ref);
    expect(graces).toHaveLength(2);
    expect(graces.find((g) => g.start === firstGrace.start)?.expiresAt).toEqual(firstGrace.expiresAt);

    await rollKey(actorOf(owner), ref, "now");
    expect(await listSecretsInGrace(ref)).toEqual([]);
    for (const secret of [first, second.secret, third.secret]) expect(await findable(secret)).toBeUndefined();
  });
});
