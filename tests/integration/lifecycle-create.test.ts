import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { findKeyBySecretHash, findKeyForAccount } from "@/db/queries/keys";
import { apiKeySecrets } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { parseKey } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";
import { createKey } from "@/lib/keys/lifecycle";
import { actorOf, adminActorOf, createKeyInput, createUser } from "../support/factories";
import { allRowsAsText, auditEventsForKey, deniedAttempts, rowCountsFor, tablesContainingAnyPart } from "../support/inspect";

describe("createKey", () => {
  it("stores the key, the hash of its secret, its scopes and one audit row", async () => {
    const owner = await createUser();
    const { key, secret } = await createKey(actorOf(owner), owner.id, createKeyInput({ scopes: ["usage:read", "keys:read"] }));

    expect(parseKey(secret, "lk")).toEqual({ prefix: "lk", environment: "live" });
    expect(secret.startsWith(key.start)).toBe(true);
    expect(await findKeyForAccount({ keyId: key.id, accountId: owner.id })).toMatchObject({
      name: "Order service",
      description: "Takes payments",
      environment: "live",
      rateLimit: 600,
      rateLimitWindow: "minute",
      expiresAt: null,
      revokedAt: null,
      scopes: ["keys:read", "usage:read"],
    });

    const db = await getDb();
    const secrets = await db.select().from(apiKeySecrets).where(eq(apiKeySecrets.keyId, key.id));
    expect(secrets).toEqual([expect.objectContaining({ hash: hashKey(secret), start: key.start, expiresAt: null })]);
    expect((await findKeyBySecretHash(hashKey(secret)))?.key.id).toBe(key.id);

    const audit = await auditEventsForKey(key.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "key.create",
      actorUserId: owner.id,
      actorKeyId: null,
      accountId: owner.id,
      ip: "203.0.113.7",
      userAgent: "vitest",
    });
    expect(audit[0].changes).toEqual({
      name: { to: "Order service" },
      environment: { to: "live" },
      scopes: { to: ["keys:read", "usage:read"] },
      rateLimit: { to: "600/minute" },
      expiresAt: { to: null },
    });
  });

  it("never writes the secret, or any eight characters of its hidden part, to any table", async () => {
    const owner = await createUser();
    const { key, secret } = await createKey(actorOf(owner), owner.id, createKeyInput());
    const hiddenPart = secret.slice(key.start.length);
    const contents = await allRowsAsText();

    expect(tablesContainingAnyPart(contents, secret)).toEqual([]);
    expect(tablesContainingAnyPart(contents, hiddenPart, 8)).toEqual([]);
    // The scan does see what is stored: without this, an empty result could mean it never looked.
    expect(tablesContainingAnyPart(contents, hashKey(secret))).toEqual(["public.api_key_secrets"]);
    expect(tablesContainingAnyPart(contents, key.start)).toEqual(
      expect.arrayContaining(["public.api_keys", "public.api_key_secrets"]),
    );
    expect(tablesContainingAnyPart(contents, key.id)).toEqual(
      expect.arrayContaining(["public.api_keys", "public.api_key_secrets", "public.api_key_scopes", "public.audit_events"]),
    );
  });

  it("records the expiry chosen", async () => {
    const owner = await createUser();
    const { key } = await createKey(actorOf(owner), owner.id, createKeyInput({ expiry: "30", environment: "test" }));
    expect(key.environment).toBe("test");
    expect(key.expiresAt!.getTime() - Date.now()).toBeGreaterThan(29 * 24 * 60 * 60 * 1000);
    const [event] = await auditEventsForKey(key.id);
    expect(event.changes?.expiresAt).toEqual({ to: key.expiresAt!.toISOString() });
  });

  it("refuses the admin-only keys:verify to a client, writing nothing but the refusal's audit row", async () => {
    const client = await createUser();
    const attempt = createKey(actorOf(client), client.id, createKeyInput({ scopes: ["keys:read", "keys:verify"] }));
    await expect(attempt).rejects.toMatchObject({
      code: "forbidden",
      fieldErrors: { scopes: ['The scope "keys:verify" can only be granted by an admin.'] },
    });
    expect(await rowCountsFor({ accountId: client.id })).toEqual({ keys: 0, secrets: 0, scopes: 0, audit: 0 });
    const denied = await deniedAttempts(client.id);
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ action: "key.create.denied", actorUserId: client.id, accountId: client.id, keyId: null });
    expect(denied[0].changes).toEqual({ reason: { to: "admin_only_scope" }, scopes: { to: ["keys:verify"] } });
  });

  it("lets an admin grant keys:verify, on a client's key too", async () => {
    const admin = await createUser({ role: "admin" });
    const client = await createUser();
    const { key } = await createKey(adminActorOf(admin), client.id, createKeyInput({ scopes: ["keys:verify"] }));
    expect(key.scopes).toEqual(["keys:verify"]);
    expect((await findKeyForAccount({ keyId: key.id, accountId: client.id }))?.scopes).toEqual(["keys:verify"]);
    expect((await auditEventsForKey(key.id))[0]).toMatchObject({ actorUserId: admin.id, accountId: client.id });
  });

  it("refuses a scope missing from the catalogue, writing nothing", async () => {
    const owner = await createUser({ role: "admin" });
    const attempt = createKey(actorOf(owner), owner.id, createKeyInput({ scopes: ["keys:read", "billing:read"] }));
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ fieldErrors: { scopes: ['The scope "billing:read" cannot be granted.'] } });
    expect(await rowCountsFor({ accountId: owner.id })).toEqual({ keys: 0, secrets: 0, scopes: 0, audit: 0 });
  });
});
