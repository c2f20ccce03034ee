import { randomUUID } from "node:crypto";
import { and, asc, count, eq, inArray, like } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { apiKeys, apiKeyScopes, apiKeySecrets, auditEvents, type MemberRole } from "@/db/schema";
import { inviteMember, revokeInvitation } from "@/lib/accounts/invitations";
import { changeMemberRole, removeMember, transferOwnership } from "@/lib/accounts/members";
import { MEMBER_ROLES } from "@/lib/accounts/roles";
import { createServiceAccount, retireServiceAccount } from "@/lib/accounts/service-accounts";
import { createKey, revokeKey, rollKey, setKeyIpAllowlist } from "@/lib/keys/lifecycle";
import { createKeyInput, createUser } from "../support/factories";
import { addMember, organizationWithTeam, teamSnapshot } from "../support/teams";

// Every member action of the dashboard, for every role: allowed, or refused with nothing changed. Each case runs on an
// organisation of its own, signed in as the person of that role with the organisation chosen in the header.

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
    set: vi.fn(),
  })),
}));

const { CURRENT_ACCOUNT_COOKIE } = await import("@/lib/http/session");
const keys = await import("@/app/(dashboard)/keys/actions");
const team = await import("@/app/(dashboard)/team/actions");

/** An organisation with a key, a revoked key, an open invitation, a service account and a developer to act on. */
async function world() {
  const t = await organizationWithTeam();
  const target = await createUser({ name: "Tess Target" });
  await addMember(t.org.id, target, "developer");
  const { key } = await createKey(t.as("owner"), t.org.id, createKeyInput());
  const { key: revoked } = await createKey(t.as("owner"), t.org.id, createKeyInput({ name: "Old" }));
  await revokeKey(t.as("owner"), { keyId: revoked.id, accountId: t.org.id });
  const invitation = await inviteMember(t.as("owner"), t.org.id, {
    email: `pending-${randomUUID()}@example.com`,
    role: "viewer",
  });
  const serviceAccount = await createServiceAccount(t.as("owner"), t.org.id, { name: "CI", description: "", role: "developer" });
  return { ...t, target, key, revoked, invitation, serviceAccount };
}
type World = Awaited<ReturnType<typeof world>>;

type Call = (w: World) => Promise<{ ok: boolean; error?: string }>;
const KEY_WRITERS: MemberRole[] = ["owner", "admin", "developer"];
const MANAGERS: MemberRole[] = ["owner", "admin"];

const ACTIONS: [string, MemberRole[], Call][] = [
  [
    "create key",
    KEY_WRITERS,
    (w) =>
      keys.createKeyAction({
        accountId: w.org.id,
        name: "New",
        scopes: ["keys:read"],
        environment: "live",
        rateLimit: "60",
        rateLimitWindow: "minute",
        expiry: "never",
      }),
  ],
  [
    "update key",
    KEY_WRITERS,
    (w) =>
      keys.updateKeyAction({
        accountId: w.org.id,
        keyId: w.key.id,
        name: "Renamed",
        description: "",
        scopes: ["keys:read"],
        rateLimit: "60",
        rateLimitWindow: "minute",
        expiry: "keep",
      }),
  ],
  ["roll key", KEY_WRITERS, (w) => keys.rollKeyAction({ accountId: w.org.id, keyId: w.key.id, grace: "now" })],
  ["revoke key", KEY_WRITERS, (w) => keys.revokeKeyAction({ accountId: w.org.id, keyId: w.key.id })],
  [
    "set allowlist",
    KEY_WRITERS,
    (w) => keys.updateIpAllowlistAction({ accountId: w.org.id, keyId: w.key.id, ipAllowlist: "10.0.0.0/8" }),
  ],
  ["hide revoked key", KEY_WRITERS, (w) => keys.hideKeyAction({ accountId: w.org.id, keyId: w.revoked.id })],
  [
    "invite",
    MANAGERS,
    (w) => team.inviteMemberAction({ accountId: w.org.id, email: `new-${randomUUID()}@example.com`, role: "developer" }),
  ],
  [
    "revoke invitation",
    MANAGERS,
    (w) => team.revokeInvitationAction({ accountId: w.org.id, invitationId: w.invitation.invitationId }),
  ],
  ["change role", MANAGERS, (w) => team.changeMemberRoleAction({ accountId: w.org.id, userId: w.target.id, role: "viewer" })],
  ["remove member", MANAGERS, (w) => team.removeMemberAction({ accountId: w.org.id, userId: w.target.id })],
  [
    "create service account",
    MANAGERS,
    (w) => team.createServiceAccountAction({ accountId: w.org.id, name: "Deploy", role: "viewer" }),
  ],
  [
    "retire service account",
    MANAGERS,
    (w) => team.retireServiceAccountAction({ accountId: w.org.id, serviceAccountId: w.serviceAccount.id }),
  ],
  ["transfer ownership", ["owner"], (w) => team.transferOwnershipAction({ accountId: w.org.id, userId: w.target.id })],
  ["request a plan", ["owner"], (w) => team.requestPlanAction({ accountId: w.org.id, plan: "advanced" })],
  ["delete the organisation", ["owner"], (w) => team.closeAccountAction({ accountId: w.org.id, confirmation: w.org.name })],
];

/** Every row of the account a member action may change: its people, invitations, service accounts, keys and trail. */
async function everything(accountId: string) {
  const db = await getDb();
  const keyRows = await db.select().from(apiKeys).where(eq(apiKeys.accountId, accountId)).orderBy(asc(apiKeys.id));
  const ids = keyRows.map((k) => k.id);
  const [secrets, scopes, audit] = await Promise.all([
    db.select().from(apiKeySecrets).where(inArray(apiKeySecrets.keyId, ids)).orderBy(asc(apiKeySecrets.hash)),
    db
      .select()
      .from(apiKeyScopes)
      .where(inArray(apiKeyScopes.keyId, ids))
      .orderBy(asc(apiKeyScopes.keyId), asc(apiKeyScopes.scope)),
    db.select({ id: auditEvents.id, action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.accountId, accountId)),
  ]);
  const changes = audit.filter((row) => !row.action.endsWith(".denied"));
  return { team: await teamSnapshot(accountId), keys: keyRows, secrets, scopes, audit: changes.sort((a, b) => a.id - b.id) };
}

async function deniedCount(accountId: string) {
  const db = await getDb();
  const [row] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), like(auditEvents.action, "%.denied")));
  return row.n;
}

beforeEach(() => {
  request.session = null;
  request.cookies = {};
});

describe("role matrix", () => {
  const cases = ACTIONS.flatMap(([name, allowed, call]) =>
    MEMBER_ROLES.map((role) => [name, role, allowed.includes(role), call] as const),
  );

  it.each(cases)("%s as %s: allowed %s", async (_name, role, allowed, call) => {
    const w = await world();
    request.session = { user: { id: w.people[role].id } };
    request.cookies = { [CURRENT_ACCOUNT_COOKIE]: w.org.id };
    const before = await everything(w.org.id);
    const deniedBefore = await deniedCount(w.org.id);

    const result = await call(w);

    const after = await everything(w.org.id);
    if (allowed) {
      expect(result).toMatchObject({ ok: true });
      expect(after).not.toEqual(before);
      expect(after.audit.length).toBeGreaterThan(before.audit.length);
    } else {
      // Refused by the action's own permission, before it reads the input (the command would refuse it again).
      expect(result).toEqual({ ok: false, error: `Your role in Acme (${role}) does not allow that.` });
      expect(after).toEqual(before);
      expect(await deniedCount(w.org.id)).toBe(deniedBefore + 1);
    }
  });
});

// The same rules hold for the commands called directly, so that a path other than these actions cannot skip them.
const COMMANDS: [string, MemberRole[], (w: World, role: MemberRole) => Promise<unknown>][] = [
  ["roll key", KEY_WRITERS, (w, role) => rollKey(w.as(role), { keyId: w.key.id, accountId: w.org.id }, "now")],
  ["set allowlist", KEY_WRITERS, (w, role) => setKeyIpAllowlist(w.as(role), { keyId: w.key.id, accountId: w.org.id }, [])],
  [
    "invite",
    MANAGERS,
    (w, role) => inviteMember(w.as(role), w.org.id, { email: `x-${randomUUID()}@example.com`, role: "viewer" }),
  ],
  ["revoke invitation", MANAGERS, (w, role) => revokeInvitation(w.as(role), w.org.id, w.invitation.invitationId)],
  ["change role", MANAGERS, (w, role) => changeMemberRole(w.as(role), w.org.id, w.target.id, "viewer")],
  ["remove member", MANAGERS, (w, role) => removeMember(w.as(role), w.org.id, w.target.id)],
  [
    "create service account",
    MANAGERS,
    (w, role) => createServiceAccount(w.as(role), w.org.id, { name: "D", description: "", role: "viewer" }),
  ],
  ["retire service account", MANAGERS, (w, role) => retireServiceAccount(w.as(role), w.org.id, w.serviceAccount.id)],
  ["transfer ownership", ["owner"], (w, role) => transferOwnership(w.as(role), w.org.id, w.target.id)],
];

describe("role matrix of the commands themselves", () => {
  const cases = COMMANDS.flatMap(([name, allowed, call]) =>
    MEMBER_ROLES.map((role) => [name, role, allowed.includes(role), call] as const),
  );

  it.each(cases)("%s as %s: allowed %s", async (_name, role, allowed, call) => {
    const w = await world();
    const before = await everything(w.org.id);
    if (allowed) {
      await call(w, role);
      expect(await everything(w.org.id)).not.toEqual(before);
    } else {
      await expect(call(w, role)).rejects.toMatchObject({ code: "forbidden" });
      expect(await everything(w.org.id)).toEqual(before);
    }
  });
});
