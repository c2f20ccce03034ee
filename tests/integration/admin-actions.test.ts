import { beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { accounts, auditEvents, scopes } from "@/db/schema";
import { GET as me } from "@/app/api/v1/me/route";
import { createKey } from "@/lib/keys/lifecycle";
import { findClient, listClients } from "@/lib/accounts/admin-views";
import { adminUsage } from "@/lib/accounts/admin-views";
import { callRoute } from "../support/api";
import { actorOf, createKeyInput, createUser, TEST_SCOPE_PREFIX, apiKeyFor } from "../support/factories";
import { rowCountsFor } from "../support/inspect";

const request = vi.hoisted(() => ({ session: null as { user: { id: string } } | null }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
}));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers()),
  cookies: vi.fn(async () => ({ get: () => undefined })),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const clientActions = await import("@/app/(dashboard)/admin/clients/actions");
const scopeActions = await import("@/app/(dashboard)/admin/scopes/actions");

const signInAs = (user: { id: string } | null) => {
  request.session = user && { user: { id: user.id } };
};

const keyFields = {
  name: "For the client",
  description: "",
  scopes: ["keys:read"],
  environment: "live",
  rateLimit: "60",
  rateLimitWindow: "minute",
  expiry: "never",
};

/** The personal account of the user with this id (the same id), which holds what the user row used to. */
async function userRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

describe("admin actions", () => {
  beforeEach(() => signInAs(null));

  it("refuse a client (and a signed-out caller) on every action, and change nothing", async () => {
    const victim = await createUser({ plan: "basic" });
    const { key } = await apiKeyFor(victim, ["keys:read"]);
    const attacker = await createUser();
    const scopeName = `${TEST_SCOPE_PREFIX}x${Date.now()}:read`;
    const calls = [
      () => clientActions.createClientKeyAction({ ...keyFields, clientId: victim.id }),
      () => clientActions.updateClientKeyAction({ ...keyFields, expiry: "keep", keyId: key.id, clientId: victim.id }),
      () => clientActions.rollClientKeyAction({ keyId: key.id, grace: "now", clientId: victim.id }),
      () => clientActions.revokeClientKeyAction({ keyId: key.id, clientId: victim.id }),
      () => clientActions.hideClientKeyAction({ keyId: key.id, clientId: victim.id }),
      () => clientActions.updateClientIpAllowlistAction({ keyId: key.id, ipAllowlist: "10.0.0.0/8", clientId: victim.id }),
      () => clientActions.setClientPlanAction({ clientId: victim.id, plan: "none" }),
      () => clientActions.setClientStatusAction({ clientId: victim.id, status: "suspended" }),
      () => clientActions.deleteClientAction({ clientId: victim.id, confirmation: victim.name }),
      () => scopeActions.addScopeAction({ name: scopeName, description: "x" }),
      () => scopeActions.setScopeDeprecatedAction({ name: "keys:read", deprecated: "true" }),
    ];
    const before = { rows: await rowCountsFor({ accountId: victim.id }), user: await userRow(victim.id) };
    for (const caller of [attacker, null]) {
      signInAs(caller);
      for (const call of calls) expect(await call()).toMatchObject({ ok: false });
    }
    expect(await rowCountsFor({ accountId: victim.id })).toEqual(before.rows);
    expect(await userRow(victim.id)).toEqual(before.user);
    const db = await getDb();
    expect(await db.select().from(scopes).where(eq(scopes.name, scopeName))).toEqual([]);
    expect((await db.select().from(scopes).where(eq(scopes.name, "keys:read")))[0].deprecatedAt).toBeNull();
  });

  it("refuse cross-tenant reads to a non-admin caller", async () => {
    const client = await createUser();
    await expect(listClients(client, { q: "", page: 1 })).rejects.toThrow("Only admins");
    await expect(findClient(client, client.id)).rejects.toThrow("Only admins");
    await expect(adminUsage(client, 30)).rejects.toThrow("Only admins");
  });

  it("create a key for a client, audited as the admin acting for them, secret only in the response", async () => {
    const admin = await createUser({ role: "admin" });
    const client = await createUser({ plan: "basic" });
    signInAs(admin);
    const result = await clientActions.createClientKeyAction({ ...keyFields, clientId: client.id });
    if (!result.ok) throw new Error(result.error);
    expect((await callRoute(me, { path: "/me", key: result.secret })).body.account.id).toBe(client.id);
    const db = await getDb();
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.keyId, result.keyId));
    expect(event).toMatchObject({ action: "key.create", actorUserId: admin.id, accountId: client.id });
    expect(JSON.stringify(event)).not.toContain(result.secret);
  });

  it("refuse to act for an admin account or an unknown client as if it were a client", async () => {
    const admin = await createUser({ role: "admin" });
    const otherAdmin = await createUser({ role: "admin" });
    signInAs(admin);
    expect(await clientActions.setClientStatusAction({ clientId: otherAdmin.id, status: "suspended" })).toMatchObject({
      ok: false,
    });
    expect(await clientActions.createClientKeyAction({ ...keyFields, clientId: otherAdmin.id })).toMatchObject({ ok: false });
    expect((await userRow(otherAdmin.id)).status).toBe("active");
  });

  it("suspend a client: their key gets 401 at once; reactivation restores it; both audited", async () => {
    const admin = await createUser({ role: "admin" });
    const client = await createUser({ plan: "basic" });
    const { secret } = await apiKeyFor(client, ["keys:read"]);
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
    signInAs(admin);
    expect(await clientActions.setClientStatusAction({ clientId: client.id, status: "suspended" })).toEqual({ ok: true });
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(401);
    expect(await clientActions.setClientStatusAction({ clientId: client.id, status: "active" })).toEqual({ ok: true });
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
    const db = await getDb();
    const events = await db.select().from(auditEvents).where(eq(auditEvents.accountId, client.id)).orderBy(auditEvents.id);
    expect(events.filter((e) => e.action.startsWith("account.")).map((e) => [e.action, e.actorUserId, e.changes])).toEqual([
      ["account.suspend", admin.id, { status: { from: "active", to: "suspended" } }],
      ["account.reactivate", admin.id, { status: { from: "suspended", to: "active" } }],
    ]);
  });

  it("list clients with search, plan, status and active key count", async () => {
    const admin = await createUser({ role: "admin" });
    const marker = `Findme${Date.now()}`;
    const client = await createUser({ name: marker, plan: "basic" });
    await createKey(actorOf(client), client.id, createKeyInput({ scopes: ["keys:read"] }));
    const { clients, total } = await listClients(admin, { q: marker.toLowerCase(), page: 1 });
    expect(total).toBe(1);
    expect(clients[0]).toMatchObject({ id: client.id, plan: "basic", status: "active", activeKeys: 1, requests30d: 0 });
    expect((await listClients(admin, { q: "%", page: 1 })).total).toBe(0);
  });
});

describe("scope catalogue", () => {
  it("adds a scope, refuses a duplicate or a bad name, and a deprecated scope is kept on keys but not newly granted", async () => {
    const admin = await createUser({ role: "admin" });
    const client = await createUser({ plan: "advanced" });
    signInAs(admin);
    const name = `${TEST_SCOPE_PREFIX}s${Date.now()}:read`;
    expect(await scopeActions.addScopeAction({ name, description: "Reads things" })).toEqual({ ok: true });
    expect(await scopeActions.addScopeAction({ name, description: "Again" })).toMatchObject({
      ok: false,
      fieldErrors: { name: expect.any(Array) },
    });
    expect(await scopeActions.addScopeAction({ name: "Not A Scope", description: "x" })).toMatchObject({
      ok: false,
      fieldErrors: { name: expect.any(Array) },
    });

    const { key } = await createKey(actorOf(client), client.id, createKeyInput({ scopes: [name] }));
    expect(await scopeActions.setScopeDeprecatedAction({ name, deprecated: "true" })).toEqual({ ok: true });
    await expect(createKey(actorOf(client), client.id, createKeyInput({ scopes: [name] }))).rejects.toThrow();
    const { updateKey } = await import("@/lib/keys/lifecycle");
    const kept = await updateKey(
      actorOf(client),
      { keyId: key.id, accountId: client.id },
      { ...key, description: "", name: "renamed" },
    );
    expect(kept.scopes).toEqual([name]);
    expect(await scopeActions.setScopeDeprecatedAction({ name, deprecated: "false" })).toEqual({ ok: true });
    await createKey(actorOf(client), client.id, createKeyInput({ scopes: [name] }));
  });

  it("keeps admin-only scopes out of a client's reach", async () => {
    const admin = await createUser({ role: "admin" });
    const client = await createUser({ plan: "advanced" });
    signInAs(admin);
    const name = `${TEST_SCOPE_PREFIX}a${Date.now()}:manage`;
    expect(await scopeActions.addScopeAction({ name, description: "Internal", adminOnly: "on" })).toEqual({ ok: true });
    await expect(createKey(actorOf(client), client.id, createKeyInput({ scopes: [name] }))).rejects.toThrow();
  });
});
