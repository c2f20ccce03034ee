import { startTestSession } from "../support/live-session";
import { eq } from "drizzle-orm";
import { listSessions } from "@/lib/auth/sessions";
import { findTwoFactor, savePendingTwoFactor } from "@/db/queries/two-factor";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { listMembershipsOfUser } from "@/db/queries/accounts";
import { findUserByEmail, insertUserIfNew } from "@/db/queries/users";
import { accounts, apiKeys, auditEvents, users, webhookEndpoints } from "@/db/schema";
import { GET as me } from "@/app/api/v1/me/route";
import { requestPasswordReset, resetLinkProblem } from "@/lib/accounts/password-reset";
import { deleteClient, deleteOwnAccount, deletionPreview } from "@/lib/accounts/user-deletion";
import { verifyAuditChain } from "@/lib/audit/verify";
import { authenticateWithPassword } from "@/lib/auth/credentials";
import { createKey } from "@/lib/keys/lifecycle";
import { createEndpoint } from "@/lib/webhooks/endpoints";
import { callRoute } from "../support/api";
import { givePassword, linkTokenIn, mailTo, userRow } from "../support/accounts";
import { actorOf, adminActorOf, createKeyInput, createUser, memberActor } from "../support/factories";
import { setUpOwnDatabase } from "../support/own-database";
import { addMember, auditActionsOf, organizationWithTeam } from "../support/teams";
import { createOrganization } from "@/lib/accounts/members";

// Deleting a person (themselves, or an admin a client): what they own alone closes, keys first; elsewhere they only
// leave; their row stays, anonymised, for the audit trail, which still verifies. Its own database: the last-admin
// rule counts every admin of the platform.
setUpOwnDatabase();

const PASSWORD = "delete-me-please";

async function accountRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

async function endpointOf(accountId: string) {
  const db = await getDb();
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.accountId, accountId));
  return row;
}

describe("deleting your own account", () => {
  it("closes what you own alone (keys refused at once, webhooks off), leaves the rest, keeps a verifiable trail", async () => {
    const ada = await createUser({ name: "Ada" });
    await givePassword(ada.id, PASSWORD);
    const personal = await createKey(actorOf(ada), ada.id, createKeyInput({ name: "Personal key" }));
    const solo = await createOrganization(actorOf(ada), "Solo Ltd");
    const soloKey = await createKey(memberActor(ada, solo.id, "owner"), solo.id, createKeyInput({ name: "Solo key" }));
    await createEndpoint(
      memberActor(ada, solo.id, "owner"),
      { accountId: solo.id },
      { url: "https://hooks.example.com/x", description: "", eventTypes: [] },
    );
    // An organisation with another owner: Ada only leaves it, and the key she made there keeps working.
    const shared = await organizationWithTeam("Shared Inc");
    await addMember(shared.org.id, ada, "owner");
    const sharedKey = await createKey(
      memberActor(ada, shared.org.id, "owner"),
      shared.org.id,
      createKeyInput({ name: "Team key" }),
    );
    await requestPasswordReset(ada.email, { ip: "203.0.113.1", userAgent: null }, "http://h");
    const resetToken = await linkTokenIn(ada.email, "/reset-password");

    expect(await deletionPreview(ada.id)).toEqual({
      closing: [
        { name: "Ada", kind: "personal", activeKeys: 1 },
        { name: "Solo Ltd", kind: "organization", activeKeys: 1 },
      ],
      leaving: [{ name: "Shared Inc" }],
    });

    const row = await userRow(ada.id);
    await startTestSession(ada.id, { ip: null, userAgent: null });
    await savePendingTwoFactor(ada.id, "sealed-secret-of-a-set-up-begun");
    await expect(
      deleteOwnAccount(actorOf(row), ada.id, { confirmation: "someone@else.com", password: PASSWORD }),
    ).rejects.toMatchObject({
      fieldErrors: { confirmation: [expect.stringContaining(ada.email)] },
    });
    await expect(
      deleteOwnAccount(actorOf(row), ada.id, { confirmation: ada.email, password: "not-the-password" }),
    ).rejects.toMatchObject({
      fieldErrors: { password: ["This is not your current password."] },
    });
    expect((await callRoute(me, { path: "/me", key: personal.secret })).status).toBe(200);

    await deleteOwnAccount(actorOf(row), ada.id, { confirmation: ada.email.toUpperCase(), password: PASSWORD });

    expect((await callRoute(me, { path: "/me", key: personal.secret })).status).toBe(401);
    expect((await callRoute(me, { path: "/me", key: soloKey.secret })).status).toBe(401);
    expect((await callRoute(me, { path: "/me", key: sharedKey.secret })).status).toBe(200);
    expect((await accountRow(ada.id)).closedAt).not.toBeNull();
    expect((await accountRow(solo.id)).closedAt).not.toBeNull();
    expect((await accountRow(shared.org.id)).closedAt).toBeNull();
    expect(await endpointOf(solo.id)).toMatchObject({ enabled: false, disabledReason: "account_closed" });
    expect(await listMembershipsOfUser(ada.id)).toEqual([]);
    expect(await resetLinkProblem(resetToken)).toBe("revoked");
    // Signed out everywhere, and nothing of a second factor kept.
    expect(await listSessions(ada.id)).toEqual([]);
    expect(await findTwoFactor(ada.id)).toBeUndefined();

    // The row stays for the trail, anonymised: nobody signs in as it, and the address is free to sign up again.
    const gone = await userRow(ada.id);
    expect(gone).toMatchObject({ name: "Deleted user", email: `deleted-${ada.id}@deleted.invalid`, passwordHash: "" });
    expect(gone.deletedAt).not.toBeNull();
    expect(await findUserByEmail(ada.email)).toBeUndefined();
    expect(await authenticateWithPassword({ email: ada.email, password: PASSWORD })).toBeNull();
    expect(await authenticateWithPassword({ email: gone.email, password: "" })).toBeNull();
    expect(await insertUserIfNew({ email: ada.email, name: "Ada again", passwordHash: "x" })).toBeDefined();

    expect((await mailTo(ada.email)).map((m) => m.subject)).toContain("[Latchkey] Your account was deleted");
    expect((await auditActionsOf(ada.id)).at(-1)).toBe("user.delete");
    expect((await auditActionsOf(solo.id)).at(-1)).toBe("account.close");
    expect((await auditActionsOf(shared.org.id)).at(-1)).toBe("member.leave");
    const db = await getDb();
    const byAda = await db.select().from(auditEvents).where(eq(auditEvents.actorUserId, ada.id));
    expect(byAda.map((r) => r.action)).toEqual(
      expect.arrayContaining(["key.create", "key.revoke", "account.close", "user.delete"]),
    );
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("the platform's last admin cannot delete themselves", async () => {
    const db = await getDb();
    const others = await db.select({ id: users.id }).from(users).where(eq(users.role, "admin"));
    for (const { id } of others) await db.update(users).set({ role: "client" }).where(eq(users.id, id));
    const admin = await createUser({ role: "admin" });
    await givePassword(admin.id, PASSWORD);
    await expect(
      deleteOwnAccount(actorOf(await userRow(admin.id)), admin.id, { confirmation: admin.email, password: PASSWORD }),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("last admin") });
    expect((await userRow(admin.id)).deletedAt).toBeNull();
    const second = await createUser({ role: "admin" });
    await givePassword(second.id, PASSWORD);
    await deleteOwnAccount(actorOf(await userRow(admin.id)), admin.id, { confirmation: "Test User", password: PASSWORD });
    expect((await userRow(admin.id)).deletedAt).not.toBeNull();
    await expect(
      deleteOwnAccount(actorOf(await userRow(second.id)), second.id, { confirmation: second.email, password: PASSWORD }),
    ).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("an admin deleting a client", () => {
  it("an organisation closes as its owner would close it, audited with the admin as the actor", async () => {
    const admin = await createUser({ role: "admin" });
    const { org, people, as } = await organizationWithTeam("Gone Corp");
    const key = await createKey(as("developer"), org.id, createKeyInput());
    await expect(deleteClient(adminActorOf(admin), org.id, "gone corp")).rejects.toMatchObject({ code: "validation_failed" });
    await deleteClient(adminActorOf(admin), org.id, "Gone Corp");
    expect((await callRoute(me, { path: "/me", key: key.secret })).status).toBe(401);
    expect((await accountRow(org.id)).closedAt).not.toBeNull();
    expect((await userRow(people.owner.id)).deletedAt).toBeNull();
    const db = await getDb();
    const [close] = await db.select().from(auditEvents).where(eq(auditEvents.accountId, org.id)).orderBy(auditEvents.id);
    expect(close).toBeDefined();
    const rows = await db.select().from(auditEvents).where(eq(auditEvents.accountId, org.id));
    expect(rows.find((r) => r.action === "account.close")).toMatchObject({ actorUserId: admin.id });
    await expect(deleteClient(adminActorOf(admin), org.id, "Gone Corp")).rejects.toMatchObject({ code: "not_found" });
  });

  it("a personal client deletes its person; clients only, admins only", async () => {
    const admin = await createUser({ role: "admin" });
    const bob = await createUser({ name: "Bob" });
    const key = await createKey(actorOf(bob), bob.id, createKeyInput());
    await expect(deleteClient(actorOf(bob), bob.id, "Bob")).rejects.toMatchObject({ code: "forbidden" });
    // Another admin's own account is not a client: not found, and nothing changes.
    await expect(deleteClient(adminActorOf(admin), admin.id, "Test User")).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteClient(adminActorOf(admin), "00000000-0000-4000-8000-000000000000", "x")).rejects.toMatchObject({
      code: "not_found",
    });
    await deleteClient(adminActorOf(admin), bob.id, "Bob");
    expect((await callRoute(me, { path: "/me", key: key.secret })).status).toBe(401);
    expect((await userRow(bob.id)).deletedAt).not.toBeNull();
    const db = await getDb();
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.key.id));
    expect(row.revokedAt).not.toBeNull();
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});
