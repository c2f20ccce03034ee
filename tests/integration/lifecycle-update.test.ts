import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { findKeyForAccount } from "@/db/queries/keys";
import { scopes } from "@/db/schema";
import { createKey, updateKey } from "@/lib/keys/lifecycle";
import { updateKeySchema } from "@/lib/validations/key";
import { TEST_SCOPE_PREFIX, actorOf, adminActorOf, createKeyInput, createUser } from "../support/factories";
import { auditEventsForKey, rowCountsFor } from "../support/inspect";

const unchanged = {
  name: "Order service",
  description: "Takes payments",
  scopes: ["keys:read", "payments:read"],
  rateLimit: 600,
  rateLimitWindow: "minute",
  expiry: "keep",
};
const edit = (fields: Record<string, unknown>) => updateKeySchema.parse({ ...unchanged, ...fields });

async function keyOfNewOwner(role: "client" | "admin" = "client") {
  const owner = await createUser({ role });
  const { key } = await createKey(actorOf(owner), owner.id, createKeyInput());
  return { owner, key, ref: { keyId: key.id, accountId: owner.id } };
}

describe("updateKey", () => {
  it("writes the changes and records exactly the fields that changed", async () => {
    const { owner, key, ref } = await keyOfNewOwner();
    const updated = await updateKey(
      actorOf(owner),
      ref,
      edit({ name: "Billing service", scopes: ["payments:write", "keys:read"], rateLimit: 2000, rateLimitWindow: "hour" }),
    );

    expect(updated).toMatchObject({ name: "Billing service", rateLimit: 2000, rateLimitWindow: "hour" });
    expect(await findKeyForAccount(ref)).toMatchObject({
      name: "Billing service",
      description: "Takes payments",
      scopes: ["keys:read", "payments:write"],
      rateLimit: 2000,
      rateLimitWindow: "hour",
      start: key.start,
    });
    const events = await auditEventsForKey(key.id);
    expect(events.map((e) => e.action)).toEqual(["key.create", "key.update"]);
    expect(events[1].changes).toEqual({
      name: { from: "Order service", to: "Billing service" },
      scopes: { from: ["keys:read", "payments:read"], to: ["keys:read", "payments:write"] },
      rateLimit: { from: "600/minute", to: "2000/hour" },
    });
  });

  it("records the expiry when it changes and keeps it when asked to", async () => {
    const { owner, ref } = await keyOfNewOwner();
    const withExpiry = await updateKey(actorOf(owner), ref, edit({ expiry: "7" }));
    expect(withExpiry.expiresAt).not.toBeNull();
    const kept = await updateKey(actorOf(owner), ref, edit({ description: "Now with an expiry" }));
    expect(kept.expiresAt).toEqual(withExpiry.expiresAt);
    await updateKey(actorOf(owner), ref, edit({ description: "Now with an expiry", expiry: "never" }));

    const changes = (await auditEventsForKey(ref.keyId)).slice(1).map((e) => e.changes);
    expect(changes).toEqual([
      { expiresAt: { from: null, to: withExpiry.expiresAt!.toISOString() } },
      { description: { from: "Takes payments", to: "Now with an expiry" } },
      { expiresAt: { from: withExpiry.expiresAt!.toISOString(), to: null } },
    ]);
  });

  it("writes no audit row when nothing changed", async () => {
    const { owner, ref } = await keyOfNewOwner();
    await updateKey(actorOf(owner), ref, edit({ scopes: ["payments:read", "keys:read", "keys:read"] }));
    expect((await auditEventsForKey(ref.keyId)).map((e) => e.action)).toEqual(["key.create"]);
  });

  it("refuses keys:verify to a client but lets it keep a scope an admin granted", async () => {
    const owner = await createUser();
    const admin = await createUser({ role: "admin" });
    const { key } = await createKey(adminActorOf(admin), owner.id, createKeyInput({ scopes: ["keys:verify", "keys:read"] }));
    const ref = { keyId: key.id, accountId: owner.id };

    const renamed = await updateKey(actorOf(owner), ref, edit({ name: "Renamed", scopes: ["keys:verify", "keys:read"] }));
    expect(renamed.scopes).toEqual(["keys:read", "keys:verify"]);

    await updateKey(actorOf(owner), ref, edit({ scopes: ["keys:read"] }));
    const before = await rowCountsFor({ accountId: owner.id });
    await expect(updateKey(actorOf(owner), ref, edit({ scopes: ["keys:read", "keys:verify"] }))).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await findKeyForAccount(ref))?.scopes).toEqual(["keys:read"]);
    expect(await rowCountsFor({ accountId: owner.id })).toEqual(before);
  });

  it("refuses an unknown scope and leaves the key as it was", async () => {
    const { owner, ref } = await keyOfNewOwner("admin");
    const before = await findKeyForAccount(ref);
    await expect(updateKey(actorOf(owner), ref, edit({ name: "New", scopes: ["nope:read"] }))).rejects.toMatchObject({
      code: "validation_failed",
    });
    expect(await findKeyForAccount(ref)).toEqual(before);
  });

  it("keeps a deprecated scope the key already has, but grants it to no other key", async () => {
    // A scope of this test's own: deprecating a shared one would change what other files see.
    const legacy = `${TEST_SCOPE_PREFIX}${randomBytes(4).toString("hex")}:legacy`;
    const db = await getDb();
    await db.insert(scopes).values({ name: legacy, description: "A scope about to be retired" });
    const admin = await createUser({ role: "admin" });
    const { key } = await createKey(actorOf(admin), admin.id, createKeyInput({ scopes: [legacy] }));
    await db.update(scopes).set({ deprecatedAt: new Date() }).where(eq(scopes.name, legacy));

    const ref = { keyId: key.id, accountId: admin.id };
    await expect(updateKey(actorOf(admin), ref, edit({ scopes: [legacy, "keys:read"] }))).resolves.toMatchObject({
      scopes: ["keys:read", legacy],
    });
    await expect(createKey(actorOf(admin), admin.id, createKeyInput({ scopes: [legacy] }))).rejects.toMatchObject({
      code: "validation_failed",
    });
  });
});
