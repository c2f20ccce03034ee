import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { listMembershipsOfUser } from "@/db/queries/accounts";
import { accounts, invitations } from "@/db/schema";
import { GET as me } from "@/app/api/v1/me/route";
import { closeAccount, requestPlan, withdrawPlanRequest } from "@/lib/accounts/billing";
import { declinePlanRequest, setClientPlan } from "@/lib/accounts/clients";
import { inviteMember } from "@/lib/accounts/invitations";
import { createServiceAccount } from "@/lib/accounts/service-accounts";
import { auditEventsForKey } from "../support/inspect";
import { createKey } from "@/lib/keys/lifecycle";
import { callRoute } from "../support/api";
import { actorOf, adminActorOf, createKeyInput, createUser } from "../support/factories";
import { auditActionsOf, organizationWithTeam, teamSnapshot } from "../support/teams";

// The owner's billing-level changes: asking for another plan (an admin grants or declines it) and deleting an
// organisation. Only owners may do either; a refusal changes nothing.

async function accountRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

describe("plan requests", () => {
  it("an owner asks, an admin grants: the plan changes and the request is answered, each audited", async () => {
    const { org, people, as } = await organizationWithTeam("Plans Inc");
    const admin = await createUser({ role: "admin" });
    await requestPlan(as("owner"), org.id, "advanced");
    expect(await accountRow(org.id)).toMatchObject({
      plan: "basic",
      requestedPlan: "advanced",
      planRequestedBy: people.owner.id,
    });
    await setClientPlan({ actor: adminActorOf(admin), clientId: org.id }, "advanced");
    expect(await accountRow(org.id)).toMatchObject({ plan: "advanced", requestedPlan: null, planRequestedAt: null });
    expect((await auditActionsOf(org.id)).filter((a) => a.startsWith("account.plan"))).toEqual([
      "account.plan_request",
      "account.plan",
    ]);
  });

  it("an admin declines, or the owner withdraws: the plan stays", async () => {
    const { org, as } = await organizationWithTeam("Declined Inc");
    const admin = await createUser({ role: "admin" });
    await requestPlan(as("owner"), org.id, "advanced");
    await declinePlanRequest({ actor: adminActorOf(admin), clientId: org.id });
    expect(await accountRow(org.id)).toMatchObject({ plan: "basic", requestedPlan: null });
    await requestPlan(as("owner"), org.id, "none");
    await withdrawPlanRequest(as("owner"), org.id);
    expect(await accountRow(org.id)).toMatchObject({ plan: "basic", requestedPlan: null });
    await expect(requestPlan(as("owner"), org.id, "basic")).rejects.toMatchObject({ code: "conflict" });
  });

  it("is refused to admins, developers and viewers of the account, with nothing changed", async () => {
    const { org, as } = await organizationWithTeam("Not yours Inc");
    for (const role of ["admin", "developer", "viewer"] as const) {
      const before = await teamSnapshot(org.id);
      await expect(requestPlan(as(role), org.id, "advanced")).rejects.toMatchObject({ code: "forbidden" });
      await expect(closeAccount(as(role), org.id, "Not yours Inc")).rejects.toMatchObject({ code: "forbidden" });
      expect(await teamSnapshot(org.id)).toEqual(before);
    }
  });
});

describe("deleting an organisation", () => {
  it("asks for its name, then revokes every key at once, removes every member and keeps the records", async () => {
    const { org, people, as } = await organizationWithTeam("Closing Ltd");
    const { key, secret } = await createKey(as("developer"), org.id, createKeyInput({ name: "Machine key" }));
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
    const deploy = await createServiceAccount(as("admin"), org.id, { name: "Deploy", description: "", role: "developer" });
    const held = await createKey(as("admin"), org.id, createKeyInput({ name: "Deploy key", serviceAccountId: deploy.id }));
    await inviteMember(as("owner"), org.id, { email: `late-${Date.now()}@example.com`, role: "viewer" });

    const before = await teamSnapshot(org.id);
    await expect(closeAccount(as("owner"), org.id, "closing ltd")).rejects.toMatchObject({ code: "validation_failed" });
    expect(await teamSnapshot(org.id)).toEqual(before);

    await closeAccount(as("owner"), org.id, "Closing Ltd");
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(401);
    expect((await callRoute(me, { path: "/me", key: held.secret })).status).toBe(401);
    const after = await teamSnapshot(org.id);
    expect(after.members).toEqual([]);
    expect(after.account.closedAt).not.toBeNull();
    expect(after.services.map((s) => [s.id, s.retiredAt !== null])).toEqual([[deploy.id, true]]);
    // Each key's own history says it was revoked, and why.
    for (const id of [key.id, held.key.id]) {
      expect((await auditEventsForKey(id)).at(-1)).toMatchObject({
        action: "key.revoke",
        changes: expect.objectContaining({ accountClosed: { to: true } }),
      });
    }
    const db = await getDb();
    const open = await db.select().from(invitations).where(eq(invitations.accountId, org.id));
    expect(open.every((i) => i.revokedAt !== null)).toBe(true);
    for (const person of Object.values(people)) {
      expect((await listMembershipsOfUser(person.id)).map((m) => m.account.id)).not.toContain(org.id);
    }
    expect((await auditActionsOf(org.id)).at(-1)).toBe("account.close");

    // Nobody makes a key in it again, not even a platform admin acting for it.
    const admin = await createUser({ role: "admin" });
    await expect(createKey(adminActorOf(admin), org.id, createKeyInput())).rejects.toMatchObject({ code: "conflict" });
  });

  it("never closes a personal account", async () => {
    const user = await createUser();
    await expect(closeAccount(actorOf(user), user.id, "Test User")).rejects.toMatchObject({ code: "conflict" });
    expect((await accountRow(user.id)).closedAt).toBeNull();
  });
});
