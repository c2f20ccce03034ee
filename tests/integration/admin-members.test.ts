import { beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq, gt } from "drizzle-orm";
import { getDb } from "@/db";
import { findKeyForAccount } from "@/db/queries/keys";
import { auditEvents } from "@/db/schema";
import { inviteMember } from "@/lib/accounts/invitations";
import { createServiceAccount } from "@/lib/accounts/service-accounts";
import { createKey } from "@/lib/keys/lifecycle";
import { createKeyInput, createUser } from "../support/factories";
import { rowCountsFor } from "../support/inspect";
import { organizationWithTeam, roleOf, teamSnapshot } from "../support/teams";

// The admin managing a client's people from the admin client page: the team page's commands, acting on the account's
// behalf with no membership of it, audited as the admin.

const request = vi.hoisted(() => ({ session: null as { user: { id: string } } | null }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
}));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers()),
  cookies: vi.fn(async () => ({ get: () => undefined })),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { changeClientMemberRoleAction, removeClientMemberAction, revokeClientInvitationAction, retireClientServiceAccountAction } =
  await import("@/app/(dashboard)/admin/clients/actions");

const signInAs = (user: { id: string } | null) => {
  request.session = user && { user: { id: user.id } };
};

/** The audit rows of the account written after `afterId`, as [action, actor, account]. */
async function auditSince(accountId: string, afterId = 0) {
  const db = await getDb();
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), gt(auditEvents.id, afterId)))
    .orderBy(auditEvents.id);
  return rows;
}

async function lastAuditId(accountId: string): Promise<number> {
  return (await auditSince(accountId)).at(-1)?.id ?? 0;
}

async function teamWithAdmin() {
  const admin = await createUser({ role: "admin", name: "Platform Admin" });
  const team = await organizationWithTeam("Client Org");
  signInAs(admin);
  return { admin, ...team };
}

describe("admin managing a client's members", () => {
  beforeEach(() => signInAs(null));

  it("changes a member's role, audited with the admin as actor and the client as account", async () => {
    const { admin, org, people } = await teamWithAdmin();
    const since = await lastAuditId(org.id);
    expect(await changeClientMemberRoleAction({ clientId: org.id, userId: people.developer.id, role: "viewer" })).toEqual({
      ok: true,
    });
    expect(await roleOf(org.id, people.developer.id)).toBe("viewer");
    // Acting as the account's owner would: the admin may make an owner.
    expect(await changeClientMemberRoleAction({ clientId: org.id, userId: people.admin.id, role: "owner" })).toEqual({
      ok: true,
    });
    expect(await roleOf(org.id, people.admin.id)).toBe("owner");
    const rows = await auditSince(org.id, since);
    expect(rows.map((r) => [r.action, r.actorUserId, r.accountId, r.changes])).toEqual([
      ["member.role", admin.id, org.id, { userId: { to: people.developer.id }, role: { from: "developer", to: "viewer" } }],
      ["member.role", admin.id, org.id, { userId: { to: people.admin.id }, role: { from: "admin", to: "owner" } }],
    ]);
  });

  it("removes a member, audited as the admin", async () => {
    const { admin, org, people } = await teamWithAdmin();
    const since = await lastAuditId(org.id);
    expect(await removeClientMemberAction({ clientId: org.id, userId: people.viewer.id })).toEqual({ ok: true });
    expect(await roleOf(org.id, people.viewer.id)).toBeUndefined();
    const rows = await auditSince(org.id, since);
    expect(rows.map((r) => [r.action, r.actorUserId, r.accountId])).toEqual([["member.remove", admin.id, org.id]]);
  });

  it("cannot remove or demote the last owner: refused with the rule's message, nothing changed", async () => {
    const { org, people } = await teamWithAdmin();
    const before = await teamSnapshot(org.id);
    const since = await lastAuditId(org.id);
    const removed = await removeClientMemberAction({ clientId: org.id, userId: people.owner.id });
    expect(removed).toMatchObject({ ok: false, error: expect.stringMatching(/needs an owner/) });
    const demoted = await changeClientMemberRoleAction({ clientId: org.id, userId: people.owner.id, role: "admin" });
    expect(demoted).toMatchObject({ ok: false, error: expect.stringMatching(/needs an owner/) });
    expect(await teamSnapshot(org.id)).toEqual(before);
    // A refusal by the account's rules is a message, not an attempt worth a row.
    expect(await auditSince(org.id, since)).toEqual([]);
  });

  it("revokes an open invitation and retires a service account (its keys revoked), audited as the admin", async () => {
    const { admin, org, as } = await teamWithAdmin();
    const { invitationId } = await inviteMember(as("owner"), org.id, { email: "new.hire@example.com", role: "developer" });
    const machine = await createServiceAccount(as("owner"), org.id, { name: "CI", description: "", role: "developer" });
    const { key } = await createKey(
      as("owner"),
      org.id,
      createKeyInput({ scopes: ["payments:read"], serviceAccountId: machine.id }),
    );
    const since = await lastAuditId(org.id);

    expect(await revokeClientInvitationAction({ clientId: org.id, invitationId })).toEqual({ ok: true });
    expect(await retireClientServiceAccountAction({ clientId: org.id, serviceAccountId: machine.id })).toEqual({ ok: true });

    const { invites, services } = await teamSnapshot(org.id);
    expect(invites.find((i) => i.id === invitationId)?.revokedAt).not.toBeNull();
    expect(services.find((s) => s.id === machine.id)?.retiredAt).not.toBeNull();
    expect((await findKeyForAccount({ keyId: key.id, accountId: org.id }))?.revokedAt).not.toBeNull();
    const rows = await auditSince(org.id, since);
    expect(rows.map((r) => [r.action, r.actorUserId, r.accountId])).toEqual([
      ["member.invite.revoke", admin.id, org.id],
      ["key.revoke", admin.id, org.id],
      ["service_account.retire", admin.id, org.id],
    ]);
  });

  it("refuses a client, even the account's own owner, and a signed-out caller: nothing changes", async () => {
    const { org, people, as } = await organizationWithTeam("Target Org");
    const { invitationId } = await inviteMember(as("owner"), org.id, { email: "someone@example.com", role: "viewer" });
    const machine = await createServiceAccount(as("owner"), org.id, { name: "CI", description: "", role: "developer" });
    const calls = [
      () => changeClientMemberRoleAction({ clientId: org.id, userId: people.developer.id, role: "admin" }),
      () => removeClientMemberAction({ clientId: org.id, userId: people.developer.id }),
      () => revokeClientInvitationAction({ clientId: org.id, invitationId }),
      () => retireClientServiceAccountAction({ clientId: org.id, serviceAccountId: machine.id }),
    ];
    const before = { team: await teamSnapshot(org.id), rows: await rowCountsFor({ accountId: org.id }) };
    const stranger = await createUser();
    for (const caller of [people.owner, people.admin, stranger, null]) {
      signInAs(caller);
      for (const call of calls) expect(await call()).toMatchObject({ ok: false });
    }
    expect(await teamSnapshot(org.id)).toEqual(before.team);
    expect(await rowCountsFor({ accountId: org.id })).toEqual(before.rows);
    // Each signed-in refusal is in the caller's own trail, as an attempt at an admin action.
    expect((await auditSince(people.owner.id)).map((r) => r.action)).toEqual(Array(calls.length).fill("admin.denied"));
  });

  it("acts only on client accounts: another admin's personal account or an unknown id is not found", async () => {
    const { org, people } = await teamWithAdmin();
    const otherAdmin = await createUser({ role: "admin" });
    const before = await teamSnapshot(otherAdmin.id);
    expect(await removeClientMemberAction({ clientId: otherAdmin.id, userId: otherAdmin.id })).toMatchObject({
      ok: false,
      error: "Client not found.",
    });
    expect(
      await changeClientMemberRoleAction({ clientId: crypto.randomUUID(), userId: people.viewer.id, role: "admin" }),
    ).toMatchObject({ ok: false, error: "Client not found." });
    expect(await teamSnapshot(otherAdmin.id)).toEqual(before);
    // A member of another account named with this client's id finds nothing.
    const outsider = await createUser();
    expect(await removeClientMemberAction({ clientId: org.id, userId: outsider.id })).toMatchObject({ ok: false });
    expect(await roleOf(org.id, people.viewer.id)).toBe("viewer");
  });
});
