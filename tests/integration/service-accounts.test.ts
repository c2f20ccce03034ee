import { describe, expect, it } from "vitest";
import { findKeyForAccount } from "@/db/queries/keys";
import { listServiceAccounts } from "@/db/queries/service-accounts";
import { createServiceAccount, retireServiceAccount } from "@/lib/accounts/service-accounts";
import { createKey, updateKey } from "@/lib/keys/lifecycle";
import { verifyKey } from "@/lib/keys/verify";
import { createKeySchema, updateKeySchema } from "@/lib/validations/key";
import { createKeyInput } from "../support/factories";
import { auditEventsForKey, rowCountsFor } from "../support/inspect";
import { countAudit, organizationWithTeam, teamSnapshot } from "../support/teams";

const ci = { name: "CI deploy", description: "Deploys from the pipeline", role: "developer" as const };

describe("createServiceAccount", () => {
  it("lets an admin make one, audited; developers and viewers may not", async () => {
    const { org, as } = await organizationWithTeam();
    const before = await teamSnapshot(org.id);
    for (const role of ["developer", "viewer"] as const) {
      await expect(createServiceAccount(as(role), org.id, ci)).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await teamSnapshot(org.id)).toEqual(before);
    const created = await createServiceAccount(as("admin"), org.id, ci);
    expect(created).toMatchObject({ ...ci, accountId: org.id, retiredAt: null });
    expect(await listServiceAccounts(org.id)).toEqual([expect.objectContaining({ id: created.id, activeKeys: 0 })]);
    expect(await countAudit(org.id, "service_account.create")).toBe(1);
    expect(await countAudit(org.id, "service_account.create.denied")).toBe(2);
  });
});

describe("keys held by a service account", () => {
  it("records the holder, bounded by its role as well as the member's", async () => {
    const { org, as } = await organizationWithTeam();
    const reader = await createServiceAccount(as("admin"), org.id, { ...ci, name: "Dashboards", role: "viewer" });
    const input = (scopes: string[]) => createKeyInput({ scopes, serviceAccountId: reader.id });

    const { key } = await createKey(as("owner"), org.id, input(["payments:read"]));
    expect(key.serviceAccountId).toBe(reader.id);
    expect(key.createdBy).not.toBeNull();
    const counts = await rowCountsFor({ accountId: org.id });
    await expect(createKey(as("owner"), org.id, input(["payments:read", "payments:write"]))).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/service account's role \(viewer\)/),
    });
    expect(await rowCountsFor({ accountId: org.id })).toEqual(counts);

    // An edit may not add what the holder's role cannot grant either.
    const edit = updateKeySchema.parse({
      name: "x",
      scopes: ["payments:write"],
      rateLimit: 60,
      rateLimitWindow: "minute",
      expiry: "keep",
    });
    await expect(updateKey(as("owner"), { keyId: key.id, accountId: org.id }, edit)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("refuses another account's service account, or a retired one, as not found", async () => {
    const { org, as } = await organizationWithTeam();
    const other = await organizationWithTeam("Other");
    const theirs = await createServiceAccount(other.as("owner"), other.org.id, ci);
    await expect(createKey(as("owner"), org.id, createKeyInput({ serviceAccountId: theirs.id }))).rejects.toMatchObject({
      code: "not_found",
      message: "Service account not found.",
    });
    const ours = await createServiceAccount(as("owner"), org.id, ci);
    await retireServiceAccount(as("owner"), org.id, ours.id);
    await expect(createKey(as("owner"), org.id, createKeyInput({ serviceAccountId: ours.id }))).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await rowCountsFor({ accountId: org.id })).keys).toBe(0);
  });

  it("reads an empty holder from the form as the account itself", () => {
    const fields = {
      name: "k",
      scopes: ["keys:read"],
      environment: "live",
      rateLimit: "60",
      rateLimitWindow: "minute",
      expiry: "never",
    };
    expect(createKeySchema.parse({ ...fields, serviceAccountId: "" }).serviceAccountId).toBeUndefined();
    expect(createKeySchema.safeParse({ ...fields, serviceAccountId: "nope" }).success).toBe(false);
  });
});

describe("retireServiceAccount", () => {
  it("revokes every key it holds at once, each audited, and leaves other keys alone", async () => {
    const { org, as } = await organizationWithTeam();
    const deploy = await createServiceAccount(as("admin"), org.id, ci);
    const held = [
      await createKey(as("developer"), org.id, createKeyInput({ serviceAccountId: deploy.id })),
      await createKey(as("developer"), org.id, createKeyInput({ serviceAccountId: deploy.id, name: "Second" })),
    ];
    const own = await createKey(as("developer"), org.id, createKeyInput());
    // Verified once, so that each key's record sits in this instance's cache.
    for (const { secret } of [...held, own]) expect((await verifyKey(secret)).valid).toBe(true);

    const retired = await retireServiceAccount(as("admin"), org.id, deploy.id);
    expect(retired.retiredAt).toBeInstanceOf(Date);
    for (const { key, secret } of held) {
      expect(await verifyKey(secret)).toMatchObject({ valid: false, reason: "revoked" });
      expect((await findKeyForAccount({ keyId: key.id, accountId: org.id }))?.revokedAt).toBeInstanceOf(Date);
      expect((await auditEventsForKey(key.id)).map((e) => e.action)).toEqual(["key.create", "key.revoke"]);
    }
    expect((await verifyKey(own.secret)).valid).toBe(true);
    expect(await listServiceAccounts(org.id)).toEqual([expect.objectContaining({ id: deploy.id, activeKeys: 0 })]);
    expect(await countAudit(org.id, "service_account.retire")).toBe(1);

    // Again: nothing more to do, nothing more recorded.
    await retireServiceAccount(as("admin"), org.id, deploy.id);
    expect(await countAudit(org.id, "service_account.retire")).toBe(1);
  });

  it("refuses developers, and another account's service account, changing nothing", async () => {
    const { org, as } = await organizationWithTeam();
    const deploy = await createServiceAccount(as("admin"), org.id, ci);
    const { secret } = await createKey(as("developer"), org.id, createKeyInput({ serviceAccountId: deploy.id }));
    const other = await organizationWithTeam("Other");
    const before = await teamSnapshot(org.id);
    await expect(retireServiceAccount(as("developer"), org.id, deploy.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(retireServiceAccount(other.as("owner"), other.org.id, deploy.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await teamSnapshot(org.id)).toEqual(before);
    expect((await verifyKey(secret)).valid).toBe(true);
  });
});
