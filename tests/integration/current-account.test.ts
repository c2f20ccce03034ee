import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { listKeysForAccount } from "@/db/queries/keys";
import { accounts, memberships } from "@/db/schema";
import { createUser, organizationOf } from "../support/factories";
import { deniedAttempts, rowCountsFor } from "../support/inspect";

// Which account a signed-in person works in: the header's choice (a cookie), checked against their memberships on
// every request, and what the key actions then act on.

const request = vi.hoisted(() => ({ session: null as { user: { id: string } } | null, cookie: undefined as string | undefined }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
}));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers({ "x-latchkey-socket-ip": "198.51.100.9" })),
  cookies: vi.fn(async () => ({
    get: (name: string) => (request.cookie && name === "latchkey-account" ? { value: request.cookie } : undefined),
  })),
}));

const { loadSession } = await import("@/lib/http/session");
const { createKeyAction, revokeKeyAction } = await import("@/app/(dashboard)/keys/actions");

function signInAs(user: { id: string }, accountId?: string) {
  request.session = { user: { id: user.id } };
  request.cookie = accountId;
}

/** The create form of a page showing `accountId`. */
const keyForm = (name: string, accountId: string) => ({
  accountId,
  name,
  description: "",
  scopes: ["payments:read"],
  environment: "live",
  rateLimit: "60",
  rateLimitWindow: "minute",
  expiry: "never",
});

describe("the current account", () => {
  beforeEach(() => {
    request.session = null;
    request.cookie = undefined;
  });

  it("is the personal account unless the cookie names another the user belongs to", async () => {
    const user = await createUser({ name: "Dana" });
    const { account: org } = await organizationOf(user, "developer");
    expect((await loadSession(undefined))?.account.id).toBeUndefined();
    signInAs(user);
    const personal = await loadSession(undefined);
    expect(personal).toMatchObject({ account: { id: user.id, kind: "personal" }, role: "owner" });
    expect(personal?.memberships.map((m) => m.account.id)).toEqual([user.id, org.id]);
    expect(await loadSession(org.id)).toMatchObject({ account: { id: org.id }, role: "developer" });
  });

  it("falls back to the user's own account when the cookie names an account they do not belong to", async () => {
    const user = await createUser();
    const stranger = await createUser();
    const { account: theirs } = await organizationOf(stranger);
    signInAs(user);
    expect((await loadSession(theirs.id))?.account.id).toBe(user.id);
    expect((await loadSession("not-a-uuid"))?.account.id).toBe(user.id);
  });

  it("keeps two accounts of one person apart: a key made in one is not in, and cannot be revoked from, the other", async () => {
    const user = await createUser();
    const { account: org } = await organizationOf(user, "owner");
    signInAs(user, org.id);
    const made = await createKeyAction(keyForm("Made in the organisation", org.id));
    if (!made.ok) throw new Error(made.error);
    expect((await listKeysForAccount(org.id)).map((k) => k.name)).toEqual(["Made in the organisation"]);
    expect(await listKeysForAccount(user.id)).toEqual([]);

    // Back in the personal account, the organisation's key id is another tenant's: not found, nothing changed.
    signInAs(user, user.id);
    const before = await rowCountsFor({ accountId: org.id, keyId: made.keyId });
    expect(await revokeKeyAction({ keyId: made.keyId, accountId: user.id })).toMatchObject({
      ok: false,
      error: "Key not found.",
    });
    expect(await rowCountsFor({ accountId: org.id, keyId: made.keyId })).toEqual(before);
    expect((await listKeysForAccount(org.id))[0].revokedAt).toBeNull();
  });

  it("ends at once for an account the user was removed from, or that was suspended", async () => {
    const user = await createUser();
    const { account: org } = await organizationOf(user, "developer");
    signInAs(user, org.id);
    expect((await loadSession(org.id))?.account.id).toBe(org.id);
    const db = await getDb();
    await db.update(accounts).set({ status: "suspended" }).where(eq(accounts.id, org.id));
    expect((await loadSession(org.id))?.account.id).toBe(user.id);
    await db.update(accounts).set({ status: "active" }).where(eq(accounts.id, org.id));
    await db.delete(memberships).where(eq(memberships.accountId, org.id));
    expect((await loadSession(org.id))?.account.id).toBe(user.id);
    // A page still showing the account left is refused; nothing lands in the personal account instead.
    expect(await createKeyAction(keyForm("After removal", org.id))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/reload the page/),
    });
    expect(await listKeysForAccount(org.id)).toEqual([]);
    expect(await listKeysForAccount(user.id)).toEqual([]);
  });

  it("refuses a change sent from a page of another account than the current one (switched in another tab)", async () => {
    const user = await createUser();
    const { account: org } = await organizationOf(user, "owner");
    // The page was rendered for the organisation; the user has since switched to the personal account elsewhere.
    signInAs(user, user.id);
    expect(await createKeyAction(keyForm("Meant for the organisation", org.id))).toMatchObject({ ok: false });
    expect(await createKeyAction(keyForm("No account named", ""))).toMatchObject({ ok: false });
    expect(await listKeysForAccount(org.id)).toEqual([]);
    expect(await listKeysForAccount(user.id)).toEqual([]);
  });

  it("holds a viewer to reading: creating a key is refused, audited, and writes nothing else", async () => {
    const user = await createUser();
    const { account: org } = await organizationOf(user, "viewer");
    signInAs(user, org.id);
    const before = await rowCountsFor({ accountId: org.id });
    expect(await createKeyAction(keyForm("Not allowed", org.id))).toMatchObject({ ok: false });
    expect(await rowCountsFor({ accountId: org.id })).toEqual(before);
    expect((await deniedAttempts(org.id)).map((row) => [row.action, row.actorUserId, row.changes])).toEqual([
      [
        "key.write.denied",
        user.id,
        { reason: { to: "missing_role" }, role: { to: "viewer" }, requiredRole: { to: "developer" } },
      ],
    ]);
  });

  it("has no session for a user whose every account is suspended", async () => {
    const user = await createUser({ status: "suspended" });
    signInAs(user);
    expect(await loadSession(undefined)).toBeNull();
  });
});
