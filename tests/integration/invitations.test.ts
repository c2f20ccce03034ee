import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { listOpenInvitations } from "@/db/queries/invitations";
import { invitations, type User } from "@/db/schema";
import { acceptInvitation, hashInvitationToken, inviteMember, revokeInvitation } from "@/lib/accounts/invitations";
import { actorOf, createUser } from "../support/factories";
import { allRowsAsText, tablesContainingAnyPart } from "../support/inspect";
import { addMember, auditActionsOf, countAudit, organizationWithTeam, roleOf, teamSnapshot } from "../support/teams";

const tokenOf = (path: string) => path.replace(/^\/invite\//, "");

/** An organisation, a person not yet in it, and an invitation for them (as a developer) made by the admin. */
async function invited(role: "developer" | "viewer" | "admin" = "developer") {
  const team = await organizationWithTeam();
  const invitee = await createUser({ name: "Ines Invitee" });
  const issued = await inviteMember(team.as("admin"), team.org.id, { email: invitee.email, role });
  return { ...team, invitee, issued, token: tokenOf(issued.path) };
}

async function setInvitation(id: string, change: Partial<typeof invitations.$inferInsert>) {
  const db = await getDb();
  await db.update(invitations).set(change).where(eq(invitations.id, id));
}

const accept = (user: User, token: string) => acceptInvitation(actorOf(user), user, token);

describe("inviteMember", () => {
  it("returns a one-time link whose token is stored only as its SHA-256, and audits no part of it", async () => {
    const { org, issued, token, invitee } = await invited();
    expect(issued.path).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
    const [row] = await listOpenInvitations(org.id);
    expect(row).toMatchObject({ email: invitee.email, role: "developer", invitedByName: "admin person" });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    const db = await getDb();
    const [stored] = await db.select().from(invitations).where(eq(invitations.id, issued.invitationId));
    expect(stored.tokenHash).toBe(hashInvitationToken(token));
    // No table (the audit trail included) holds 12 consecutive characters of the token.
    expect(tablesContainingAnyPart(await allRowsAsText(), token, 12)).toEqual([]);
    expect((await auditActionsOf(org.id)).at(-1)).toBe("member.invite");
  });

  it("replaces an open invitation to the same address: the old link stops working", async () => {
    const { org, as, invitee, token: first } = await invited();
    const second = await inviteMember(as("admin"), org.id, { email: invitee.email, role: "viewer" });
    expect(await listOpenInvitations(org.id)).toEqual([expect.objectContaining({ role: "viewer" })]);
    await expect(accept(invitee, first)).rejects.toMatchObject({ message: expect.stringMatching(/withdrawn/) });
    expect(await accept(invitee, tokenOf(second.path))).toMatchObject({ accountId: org.id, role: "viewer" });
  });

  it("refuses an address that is already a member (409), and an admin inviting an owner", async () => {
    const { org, people, as } = await organizationWithTeam();
    const before = await teamSnapshot(org.id);
    await expect(inviteMember(as("admin"), org.id, { email: people.viewer.email, role: "viewer" })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(inviteMember(as("admin"), org.id, { email: "new@example.com", role: "owner" })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await teamSnapshot(org.id)).toEqual({ ...before, invites: [] });
    await inviteMember(as("owner"), org.id, { email: "new@example.com", role: "owner" });
    expect(await listOpenInvitations(org.id)).toHaveLength(1);
    // Nor may an admin cancel the owner's invitation by inviting the same address to something less.
    await expect(inviteMember(as("admin"), org.id, { email: "NEW@example.com", role: "viewer" })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await listOpenInvitations(org.id)).map((i) => i.role)).toEqual(["owner"]);
  });

  it("refuses invitations to a personal account", async () => {
    const solo = await createUser();
    await expect(inviteMember(actorOf(solo), solo.id, { email: "x@example.com", role: "viewer" })).rejects.toMatchObject({
      code: "conflict",
    });
  });
});

describe("revokeInvitation", () => {
  it("withdraws the link, audited; another account's invitation id finds nothing", async () => {
    const { org, as, invitee, token, issued } = await invited();
    const other = await organizationWithTeam("Other");
    await expect(revokeInvitation(other.as("owner"), other.org.id, issued.invitationId)).rejects.toMatchObject({
      code: "not_found",
    });
    await revokeInvitation(as("admin"), org.id, issued.invitationId);
    expect(await listOpenInvitations(org.id)).toEqual([]);
    await expect(accept(invitee, token)).rejects.toMatchObject({ code: "conflict" });
    expect(await countAudit(org.id, "member.invite.revoke")).toBe(1);
  });
});

describe("acceptInvitation", () => {
  it("makes the invited person a member with the invited role, once", async () => {
    const { org, invitee, token, issued } = await invited();
    expect(await accept(invitee, token)).toEqual({ accountId: org.id, accountName: "Acme", role: "developer" });
    expect(await roleOf(org.id, invitee.id)).toBe("developer");
    const db = await getDb();
    const [row] = await db.select().from(invitations).where(eq(invitations.id, issued.invitationId));
    expect(row.acceptedBy).toBe(invitee.id);
    expect(row.acceptedAt).toBeInstanceOf(Date);
    expect(await countAudit(org.id, "member.join")).toBe(1);
  });

  it("refuses a link used already, expired, revoked or for another address, each with its reason and no change", async () => {
    type Setup = Awaited<ReturnType<typeof invited>>;
    const cases: [string, (setup: Setup) => Promise<User>, RegExp][] = [
      [
        "used",
        async ({ invitee, token }) => {
          await accept(invitee, token);
          return invitee;
        },
        /already been used/,
      ],
      [
        "expired",
        async ({ invitee, issued }) => {
          await setInvitation(issued.invitationId, { expiresAt: new Date(Date.now() - 1000) });
          return invitee;
        },
        /expired/,
      ],
      [
        "revoked",
        async ({ invitee, issued }) => {
          await setInvitation(issued.invitationId, { revokedAt: new Date() });
          return invitee;
        },
        /withdrawn/,
      ],
      ["wrong_email", () => createUser(), /another email address/],
    ];
    for (const [reason, arrange, message] of cases) {
      const setup = await invited();
      const user = await arrange(setup);
      const before = await teamSnapshot(setup.org.id);
      await expect(accept(user, setup.token), reason).rejects.toMatchObject({ message: expect.stringMatching(message) });
      expect(await teamSnapshot(setup.org.id), reason).toEqual(before);
      expect(await countAudit(setup.org.id, "member.join.denied"), reason).toBe(1);
    }
  });

  it("refuses a token that names no invitation", async () => {
    const user = await createUser();
    await expect(accept(user, "A".repeat(43))).rejects.toMatchObject({ code: "not_found" });
  });

  it("matches the address without regard to case", async () => {
    const { org, as } = await organizationWithTeam();
    const invitee = await createUser();
    const issued = await inviteMember(as("owner"), org.id, { email: invitee.email.toLowerCase(), role: "viewer" });
    const shouting = { ...invitee, email: invitee.email.toUpperCase() };
    expect(await acceptInvitation(actorOf(invitee), shouting, tokenOf(issued.path))).toMatchObject({ role: "viewer" });
  });

  it("keeps the role of someone who is already a member, and uses up the link", async () => {
    const { org, as } = await organizationWithTeam();
    const invitee = await createUser();
    const issued = await inviteMember(as("owner"), org.id, { email: invitee.email, role: "admin" });
    await addMember(org.id, invitee, "viewer");
    expect(await accept(invitee, tokenOf(issued.path))).toMatchObject({ role: "viewer" });
    expect(await roleOf(org.id, invitee.id)).toBe("viewer");
    await expect(accept(invitee, tokenOf(issued.path))).rejects.toMatchObject({
      message: expect.stringMatching(/already been used/),
    });
  });

  it("lets exactly one of two concurrent accepts of one link succeed", async () => {
    const { org, invitee, token } = await invited();
    const results = await Promise.allSettled([accept(invitee, token), accept(invitee, token), accept(invitee, token)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refusals = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.message);
    expect(refusals).toEqual([expect.stringMatching(/already been used/), expect.stringMatching(/already been used/)]);
    expect(await countAudit(org.id, "member.join")).toBe(1);
    expect((await teamSnapshot(org.id)).members).toHaveLength(5);
  });
});
