import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { listAuditEventsForKey } from "@/db/queries/audit";
import { findKeyBySecretHash, findKeyForAccount, listKeysForAccount } from "@/db/queries/keys";
import { listMembershipsOfUser } from "@/db/queries/accounts";
import { findUserByEmail, findUserById, insertUserIfNew } from "@/db/queries/users";
import { hashKey } from "@/lib/keys/hash";
import { createKey, hideRevokedKey, revokeKey } from "@/lib/keys/lifecycle";
import { actorOf, createKeyInput, createUser } from "../support/factories";

describe("key queries", () => {
  it("list only the owner's keys, newest first, without hidden ones", async () => {
    const owner = await createUser();
    const other = await createUser();
    const actor = actorOf(owner);
    const first = await createKey(actor, owner.id, createKeyInput({ name: "first", scopes: ["usage:read", "keys:read"] }));
    const second = await createKey(actor, owner.id, createKeyInput({ name: "second" }));
    const hidden = await createKey(actor, owner.id, createKeyInput({ name: "hidden" }));
    await createKey(actorOf(other), other.id, createKeyInput({ name: "someone else's" }));
    await revokeKey(actor, { keyId: hidden.key.id, accountId: owner.id });
    await hideRevokedKey(actor, { keyId: hidden.key.id, accountId: owner.id });

    const keys = await listKeysForAccount(owner.id);
    expect(keys.map((k) => k.name)).toEqual(["second", "first"]);
    expect(keys[1]).toMatchObject({ id: first.key.id, accountId: owner.id, scopes: ["keys:read", "usage:read"] });
    expect(keys[0].id).toBe(second.key.id);
    expect((await listKeysForAccount(other.id)).map((k) => k.name)).toEqual(["someone else's"]);
  });

  it("list nothing for an owner without keys", async () => {
    const owner = await createUser();
    expect(await listKeysForAccount(owner.id)).toEqual([]);
  });

  it("find a key only together with its owner", async () => {
    const owner = await createUser();
    const other = await createUser();
    const { key } = await createKey(actorOf(owner), owner.id, createKeyInput());
    expect((await findKeyForAccount({ keyId: key.id, accountId: owner.id }))?.id).toBe(key.id);
    expect(await findKeyForAccount({ keyId: key.id, accountId: other.id })).toBeUndefined();
    expect(await findKeyForAccount({ keyId: randomUUID(), accountId: owner.id })).toBeUndefined();
  });

  it("find a key by the hash of its secret, with its owner's standing", async () => {
    const owner = await createUser({ status: "suspended" });
    const { key, secret } = await createKey(actorOf(owner), owner.id, createKeyInput());
    expect(await findKeyBySecretHash(hashKey(secret))).toEqual({
      key: expect.objectContaining({ id: key.id, scopes: ["keys:read", "payments:read"] }),
      accountStatus: "suspended",
      accountPlan: "advanced",
      accountName: owner.name,
      platformRole: "client",
      secretExpiresAt: null,
    });
    expect(await findKeyBySecretHash(hashKey(`${secret}x`))).toBeUndefined();
    expect(await findKeyBySecretHash(secret)).toBeUndefined();
  });

  it("list a key's audit events only for its owner", async () => {
    const owner = await createUser();
    const other = await createUser();
    const { key } = await createKey(actorOf(owner), owner.id, createKeyInput());
    await revokeKey(actorOf(owner), { keyId: key.id, accountId: owner.id });
    expect((await listAuditEventsForKey(key.id, owner.id)).map((e) => e.action)).toEqual(["key.revoke", "key.create"]);
    expect(await listAuditEventsForKey(key.id, other.id)).toEqual([]);
  });
});

describe("user queries", () => {
  it("treat emails case-insensitively, both to find and to refuse a second account", async () => {
    const email = `Mixed.Case-${randomUUID()}@Example.com`;
    const user = await insertUserIfNew({ email, name: "M", passwordHash: "x" });
    expect(user).toMatchObject({ email, role: "client" });
    // With a personal account of the same id that the user owns, active and on the basic plan.
    expect(await listMembershipsOfUser(user!.id)).toEqual([
      {
        account: expect.objectContaining({ id: user!.id, name: "M", kind: "personal", status: "active", plan: "basic" }),
        role: "owner",
      },
    ]);
    expect((await findUserByEmail(email.toLowerCase()))?.id).toBe(user!.id);
    expect((await findUserByEmail(email.toUpperCase()))?.id).toBe(user!.id);
    expect(await insertUserIfNew({ email: email.toLowerCase(), name: "Copy", passwordHash: "x" })).toBeUndefined();
    expect((await findUserById(user!.id))?.name).toBe("M");
  });

  it("find nobody for an unknown email or id", async () => {
    expect(await findUserByEmail(`nobody-${randomUUID()}@example.com`)).toBeUndefined();
    expect(await findUserById(randomUUID())).toBeUndefined();
  });
});
