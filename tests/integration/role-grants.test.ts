import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { accounts } from "@/db/schema";
import { findKeyForAccount } from "@/db/queries/keys";
import { createServiceAccount } from "@/lib/accounts/service-accounts";
import { createKey, rollKey, updateKey } from "@/lib/keys/lifecycle";
import { createKeyInput } from "../support/factories";
import { deniedAttempts, rowCountsFor } from "../support/inspect";
import { organizationWithTeam } from "../support/teams";

// What each role may put on a key (lib/accounts/roles.ts grantableBy): developers everything but the settings scope
// webhooks:manage, admins and owners everything the plan allows, a viewer service account's keys read scopes only.

const edit = (scopes: string[]) => ({
  name: "Hooks",
  description: "",
  scopes,
  rateLimit: 60,
  rateLimitWindow: "minute" as const,
  expiresAt: undefined,
});

/** An organisation on the advanced plan, which includes webhooks:manage: only the role can be what refuses it. */
async function advancedTeam(name: string) {
  const team = await organizationWithTeam(name);
  const db = await getDb();
  await db.update(accounts).set({ plan: "advanced" }).where(eq(accounts.id, team.org.id));
  return team;
}

describe("scopes a role may grant", () => {
  it("refuses a developer webhooks:manage on a new key, writing nothing but the refusal", async () => {
    const { org, as } = await advancedTeam("Hooks Ltd");
    const before = await rowCountsFor({ accountId: org.id });
    await expect(createKey(as("developer"), org.id, createKeyInput({ scopes: ["webhooks:manage"] }))).rejects.toMatchObject({
      code: "forbidden",
      reason: "beyond_member_role",
    });
    expect(await rowCountsFor({ accountId: org.id })).toEqual(before);
    expect((await deniedAttempts(org.id)).map((row) => [row.action, row.changes?.reason])).toEqual([
      ["key.create.denied", { to: "beyond_member_role" }],
    ]);
    await expect(createKey(as("admin"), org.id, createKeyInput({ scopes: ["webhooks:manage"] }))).resolves.toBeDefined();
  });

  it("lets a developer keep webhooks:manage an admin granted, but neither add it nor roll the key that holds it", async () => {
    const { org, as } = await advancedTeam("Hooks Two Ltd");
    const { key } = await createKey(as("developer"), org.id, createKeyInput({ scopes: ["payments:read"] }));
    const ref = { keyId: key.id, accountId: org.id };
    await expect(updateKey(as("developer"), ref, edit(["payments:read", "webhooks:manage"]))).rejects.toMatchObject({
      reason: "beyond_member_role",
    });
    const { key: hooks } = await createKey(as("admin"), org.id, createKeyInput({ scopes: ["webhooks:manage"] }));
    const hooksRef = { keyId: hooks.id, accountId: org.id };
    // Renaming it keeps the scope it already had: not a grant.
    await expect(updateKey(as("developer"), hooksRef, edit(["webhooks:manage"]))).resolves.toMatchObject({ name: "Hooks" });
    // A roll would hand the developer a working secret with it.
    await expect(rollKey(as("developer"), hooksRef, "now")).rejects.toMatchObject({ reason: "beyond_member_role" });
    expect((await findKeyForAccount(hooksRef))?.start).toBe(hooks.start);
  });

  it("bounds a service account's keys by its role: a viewer service account holds read scopes only", async () => {
    const { org, as } = await organizationWithTeam("Readers Ltd");
    const reader = await createServiceAccount(as("owner"), org.id, { name: "Dashboards", description: "", role: "viewer" });
    await expect(
      createKey(as("owner"), org.id, createKeyInput({ scopes: ["payments:write"], serviceAccountId: reader.id })),
    ).rejects.toMatchObject({ reason: "beyond_member_role" });
    const { key } = await createKey(
      as("owner"),
      org.id,
      createKeyInput({ scopes: ["payments:read"], serviceAccountId: reader.id }),
    );
    expect(key.scopes).toEqual(["payments:read"]);
  });
});
