import { beforeEach, describe, expect, it, vi } from "vitest";
import { findAccount, listMembers } from "@/db/queries/accounts";
import { findKeyForAccount } from "@/db/queries/keys";
import {
  changeMemberRole,
  createOrganization,
  leaveAccount,
  MAX_OWNED_ORGANIZATIONS,
  removeMember,
  transferOwnership,
} from "@/lib/accounts/members";
import { createKey } from "@/lib/keys/lifecycle";
import { GET as me } from "@/app/api/v1/me/route";
import { callRoute } from "../support/api";
import { auditEventsForKey } from "../support/inspect";
import { actorOf, createKeyInput, createUser, memberActor } from "../support/factories";
import { addMember, auditActionsOf, organizationWithTeam, roleOf, teamSnapshot } from "../support/teams";

// What Next.js and Auth.js would provide for a request: a session, headers and the account cookie.
const request = vi.hoisted(() => ({
  session: null as { user: { id: string } } | null,
  cookies: {} as Record<string, string>,
}));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers()),
  cookies: vi.fn(async () => ({
    get: (name: string) => (name in request.cookies ? { name, value: request.cookies[name] } : undefined),
  })),
}));

const { currentSession, CURRENT_ACCOUNT_COOKIE } = await import("@/lib/http/session");
const { revokeKeyAction, createKeyAction } = await import("@/app/(dashboard)/keys/actions");

beforeEach(() => {
  request.session = null;
  request.cookies = {};
});

describe("createOrganization", () => {
  it("makes an organisation on the basic plan with its maker as owner, audited", async () => {
    const user = await createUser();
    const org = await createOrganization(actorOf(user), "Acme Robotics");
    expect(org).toMatchObject({ name: "Acme Robotics", kind: "organization", plan: "basic", status: "active" });
    expect(org.id).not.toBe(user.id);
    expect(await roleOf(org.id, user.id)).toBe("owner");
    expect(await auditActionsOf(org.id)).toEqual(["account.create"]);
  });

  it("starts on no plan when the maker's own account has none, and stops at the most a person may own", async () => {
    const cutOff = await createUser({ plan: "none" });
    expect(await createOrganization(actorOf(cutOff), "Way Around")).toMatchObject({ plan: "none" });
    const busy = await createUser();
    for (let i = 0; i < MAX_OWNED_ORGANIZATIONS; i++) await createOrganization(actorOf(busy), `Org ${i}`);
    await expect(createOrganization(actorOf(busy), "One too many")).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("changeMemberRole", () => {
  it("lets an admin move a developer to viewer, audited with from and to", async () => {
    const { org, people, as } = await organizationWithTeam();
    await changeMemberRole(as("admin"), org.id, people.developer.id, "viewer");
    expect(await roleOf(org.id, people.developer.id)).toBe("viewer");
    const { members } = await teamSnapshot(org.id);
    expect(members).toHaveLength(4);
    expect((await auditActionsOf(org.id)).at(-1)).toBe("member.role");
  });

  it("refuses an admin making or unmaking owners, and changes nothing", async () => {
    const { org, people, as } = await organizationWithTeam();
    const before = await teamSnapshot(org.id);
    await expect(changeMemberRole(as("admin"), org.id, people.developer.id, "owner")).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(changeMemberRole(as("admin"), org.id, people.owner.id, "viewer")).rejects.toMatchObject({ code: "forbidden" });
    expect(await teamSnapshot(org.id)).toEqual(before);
    expect((await auditActionsOf(org.id)).slice(-2)).toEqual(["member.role.denied", "member.role.denied"]);
  });

  it("lets an owner make another owner, and keeps the last owner an owner", async () => {
    const { org, people, as } = await organizationWithTeam();
    await expect(changeMemberRole(as("owner"), org.id, people.owner.id, "admin")).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/needs an owner/),
    });
    await changeMemberRole(as("owner"), org.id, people.admin.id, "owner");
    expect(await roleOf(org.id, people.admin.id)).toBe("owner");
    // Two owners now: one may step down.
    await changeMemberRole(as("owner"), org.id, people.owner.id, "admin");
    expect(await roleOf(org.id, people.owner.id)).toBe("admin");
  });

  it("refuses developers and viewers, and a user who is not a member of the account", async () => {
    const { org, people, as } = await organizationWithTeam();
    for (const role of ["developer", "viewer"] as const) {
      await expect(changeMemberRole(as(role), org.id, people.viewer.id, "developer")).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    const stranger = await createUser();
    await expect(changeMemberRole(as("owner"), org.id, stranger.id, "viewer")).rejects.toMatchObject({ code: "not_found" });
    // An owner of another account reaches nothing here.
    await expect(changeMemberRole(actorOf(stranger), org.id, people.viewer.id, "admin")).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await roleOf(org.id, people.viewer.id)).toBe("viewer");
  });
});

describe("removeMember", () => {
  it("lets an admin remove a developer, not an owner; the last owner stays", async () => {
    const { org, people, as } = await organizationWithTeam();
    await removeMember(as("admin"), org.id, people.developer.id);
    expect(await roleOf(org.id, people.developer.id)).toBeUndefined();
    await expect(removeMember(as("admin"), org.id, people.owner.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeMember(as("owner"), org.id, people.owner.id)).rejects.toMatchObject({ code: "conflict" });
    expect((await listMembers(org.id)).map((m) => m.role).sort()).toEqual(["admin", "owner", "viewer"]);
    expect(await auditActionsOf(org.id)).toEqual(["account.create", "member.remove", "member.remove.denied"]);
  });

  it("decides on roles as they are when the change runs: of two owners removing each other at once, one wins", async () => {
    // Three owners, so that the last-owner rule cannot be what stops the second removal: only a fresh read can.
    const { org, people, as } = await organizationWithTeam();
    await changeMemberRole(as("owner"), org.id, people.admin.id, "owner");
    await changeMemberRole(as("owner"), org.id, people.developer.id, "owner");
    const second = memberActor(people.admin, org.id, "owner");
    const results = await Promise.allSettled([
      removeMember(as("owner"), org.id, people.admin.id),
      removeMember(second, org.id, people.owner.id),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const owners = (await listMembers(org.id)).filter((m) => m.role === "owner");
    expect(owners).toHaveLength(2);
  });

  it("refuses a member whose role changed since their request began, until they reload", async () => {
    const { org, people, as } = await organizationWithTeam();
    const staleAdmin = as("admin");
    await changeMemberRole(as("owner"), org.id, people.admin.id, "viewer");
    await expect(removeMember(staleAdmin, org.id, people.developer.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(createKey(staleAdmin, org.id, createKeyInput())).rejects.toMatchObject({ code: "conflict" });
    expect(await roleOf(org.id, people.developer.id)).toBe("developer");
  });

  it("leaves the keys the member made working: the account owns them, and the trail keeps who made them", async () => {
    const { org, people, as } = await organizationWithTeam();
    const { key, secret } = await createKey(as("developer"), org.id, createKeyInput({ name: "Made before leaving" }));
    await removeMember(as("admin"), org.id, people.developer.id);
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
    const kept = await findKeyForAccount({ keyId: key.id, accountId: org.id });
    expect(kept).toMatchObject({ revokedAt: null, createdBy: people.developer.id });
    expect((await auditEventsForKey(key.id)).map((e) => [e.action, e.actorUserId])).toEqual([
      ["key.create", people.developer.id],
    ]);
  });

  it("takes effect on the member's next request: their session falls back to their own account", async () => {
    const { org, people, as } = await organizationWithTeam();
    const { key } = await createKey(as("developer"), org.id, createKeyInput());
    request.session = { user: { id: people.developer.id } };
    request.cookies = { [CURRENT_ACCOUNT_COOKIE]: org.id };
    expect(await currentSession()).toMatchObject({ account: { id: org.id }, role: "developer" });

    await removeMember(as("admin"), org.id, people.developer.id);

    const session = await currentSession();
    expect(session).toMatchObject({ account: { id: people.developer.id, kind: "personal" }, role: "owner" });
    expect(session?.memberships.map((m) => m.account.id)).toEqual([people.developer.id]);
    // The page still shows the old account: its actions are refused, not run on the account the session fell back to.
    expect(await revokeKeyAction({ keyId: key.id, accountId: org.id })).toEqual({
      ok: false,
      error: expect.stringMatching(/reload the page/),
    });
    // Nor can an id of the old account be reached from a page of the new one.
    expect(await revokeKeyAction({ keyId: key.id, accountId: people.developer.id })).toEqual({
      ok: false,
      error: "Key not found.",
    });
    expect((await findKeyForAccount({ keyId: key.id, accountId: org.id }))?.revokedAt).toBeNull();
    const made = await createKeyAction({ ...createKeyFormFields(), name: "Mine", accountId: people.developer.id });
    expect(made).toMatchObject({ ok: true });
    expect(await findKeyForAccount({ keyId: (made as { keyId: string }).keyId, accountId: org.id })).toBeUndefined();
  });
});

function createKeyFormFields() {
  return { scopes: ["keys:read"], environment: "test", rateLimit: "60", rateLimitWindow: "minute", expiry: "never" };
}

describe("leaveAccount", () => {
  it("lets a viewer leave, audited; not the last owner, and nobody their personal account", async () => {
    const { org, people, as } = await organizationWithTeam();
    await leaveAccount(as("viewer"), org.id);
    expect(await roleOf(org.id, people.viewer.id)).toBeUndefined();
    await expect(leaveAccount(as("owner"), org.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(leaveAccount(actorOf(people.owner), people.owner.id)).rejects.toMatchObject({
      code: "conflict",
      message: "You cannot leave your personal account.",
    });
    expect(await roleOf(people.owner.id, people.owner.id)).toBe("owner");
    expect(await auditActionsOf(org.id)).toEqual(["account.create", "member.leave"]);
  });

  it("refuses someone who is not a member", async () => {
    const { org } = await organizationWithTeam();
    const stranger = await createUser();
    await expect(leaveAccount(memberActor(stranger, stranger.id, "owner"), org.id)).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("transferOwnership", () => {
  it("makes the member owner and the former owner admin, in one audited change", async () => {
    const { org, people, as } = await organizationWithTeam();
    await transferOwnership(as("owner"), org.id, people.developer.id);
    expect(await roleOf(org.id, people.developer.id)).toBe("owner");
    expect(await roleOf(org.id, people.owner.id)).toBe("admin");
    expect((await auditActionsOf(org.id)).at(-1)).toBe("account.transfer");
  });

  it("refuses admins, non-members as targets and personal accounts, changing nothing", async () => {
    const { org, people, as } = await organizationWithTeam();
    const before = await teamSnapshot(org.id);
    await expect(transferOwnership(as("admin"), org.id, people.developer.id)).rejects.toMatchObject({ code: "forbidden" });
    const stranger = await createUser();
    await expect(transferOwnership(as("owner"), org.id, stranger.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await teamSnapshot(org.id)).toEqual(before);

    const solo = await createUser();
    await addMember(solo.id, stranger, "viewer");
    await expect(transferOwnership(actorOf(solo), solo.id, stranger.id)).rejects.toMatchObject({ code: "conflict" });
    expect((await findAccount(solo.id))?.kind).toBe("personal");
    expect(await roleOf(solo.id, solo.id)).toBe("owner");
  });
});
