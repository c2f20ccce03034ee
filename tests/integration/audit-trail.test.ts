import { beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { recordAudit } from "@/lib/audit/record";
import { auditEvents, memberships, type User } from "@/db/schema";
import { createKey, revokeKey, updateKey } from "@/lib/keys/lifecycle";
import { updateKeySchema } from "@/lib/validations/key";
import { actorOf, adminActorOf, createKeyInput, createUser, organizationOf } from "../support/factories";
import { deniedAttempts } from "../support/inspect";

const request = vi.hoisted(() => ({ session: null as { user: { id: string } } | null }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
}));

const { listAuditEvents, eachAuditEvent } = await import("@/db/queries/audit-list");
const clientExport = await import("@/app/(dashboard)/audit/export/route");
const adminExport = await import("@/app/(dashboard)/admin/audit/export/route");

const signInAs = (user: User | null) => {
  request.session = user && { user: { id: user.id } };
};
// As server.mjs hands a request on: the socket's address in its own header, beside a client-sent X-Forwarded-For.
const get = (handler: (r: NextRequest) => Promise<Response>, path: string) =>
  handler(
    new NextRequest(`http://localhost${path}`, {
      headers: { "x-latchkey-socket-ip": "198.51.100.20", "x-forwarded-for": "203.0.113.99", "user-agent": "export-test" },
    }),
  );

let alice: User, bob: User, admin: User;
let aliceKeyId: string, aliceKeyStart: string, bobKeyId: string;

beforeAll(async () => {
  [alice, bob, admin] = [
    await createUser({ name: "Alice" }),
    await createUser({ name: "Bob" }),
    await createUser({ role: "admin" }),
  ];
  const { key } = await createKey(actorOf(alice), alice.id, createKeyInput({ name: "Alice's =cmd| key" }));
  aliceKeyId = key.id;
  aliceKeyStart = key.start;
  for (let i = 0; i < 4; i++) {
    await updateKey(
      actorOf(alice),
      { keyId: key.id, accountId: alice.id },
      updateKeySchema.parse({
        name: `Alice key v${i}`,
        scopes: ["keys:read"],
        rateLimit: 600,
        rateLimitWindow: "minute",
        expiry: "keep",
      }),
    );
  }
  bobKeyId = (await createKey(actorOf(bob), bob.id, createKeyInput({ name: "Bob's key" }))).key.id;
  // Bob tries Alice's key: refused, recorded in Bob's trail, and Alice's key name must not show there.
  await expect(revokeKey(actorOf(bob), { keyId: aliceKeyId, accountId: bob.id })).rejects.toThrow();
});

describe("listing the trail", () => {
  it("shows a client only their own rows, newest first", async () => {
    const { rows, hasMore } = await listAuditEvents({ scope: { accountId: alice.id }, filters: {}, page: 1, pageSize: 50 });
    expect(hasMore).toBe(false);
    expect(rows.map((r) => r.action)).toEqual(["key.update", "key.update", "key.update", "key.update", "key.create"]);
    expect(rows.every((r) => r.accountId === alice.id)).toBe(true);
    expect(rows[0]).toMatchObject({ actorEmail: alice.email, keyName: "Alice key v3", ip: "203.0.113.7", userAgent: "vitest" });
    expect(rows[0].changes).toEqual({ name: { from: "Alice key v2", to: "Alice key v3" } });

    const bobs = await listAuditEvents({ scope: { accountId: bob.id }, filters: {}, page: 1, pageSize: 50 });
    expect(bobs.rows.map((r) => r.action)).toEqual(["key.revoke.denied", "key.create"]);
    expect(bobs.rows[0]).toMatchObject({ keyId: aliceKeyId, keyName: null });
  });

  it("filters by key, action, actor and date, and pages", async () => {
    const scope = { accountId: alice.id };
    const list = (filters: object, page = 1, pageSize = 50) => listAuditEvents({ scope, filters, page, pageSize });
    expect((await list({ action: "key.create" })).rows).toHaveLength(1);
    expect((await list({ key: bobKeyId })).rows).toHaveLength(0);
    expect((await list({ key: aliceKeyId })).rows).toHaveLength(5);
    // By the key's current name or the start of its visible start, case-insensitive; the pattern's own characters are text.
    expect((await list({ key: "alice KEY v3" })).rows).toHaveLength(5);
    expect((await list({ key: "Alice key v2" })).rows).toHaveLength(0);
    expect((await list({ key: "%" })).rows).toHaveLength(0);
    expect((await list({ key: aliceKeyStart })).rows).toHaveLength(5);
    // Another client's key is never found by its name in a client's trail, not even where it was acted on.
    expect(
      (await listAuditEvents({ scope: { accountId: bob.id }, filters: { key: "Alice key" }, page: 1, pageSize: 50 })).rows,
    ).toEqual([]);
    const everyone = await listAuditEvents({ scope: "everyone", filters: { key: "Bob's key" }, page: 1, pageSize: 50 });
    expect(everyone.rows.map((r) => r.keyId)).toContain(bobKeyId);
    expect(everyone.rows.every((r) => r.keyName?.includes("Bob's key"))).toBe(true);
    expect((await list({ actor: alice.email.slice(0, 12).toUpperCase() })).rows).toHaveLength(5);
    expect((await list({ actor: alice.id })).rows).toHaveLength(5);
    expect((await list({ actor: "nobody%" })).rows).toHaveLength(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list({ from: today, to: today })).rows).toHaveLength(5);
    expect((await list({ to: "2020-01-01" })).rows).toHaveLength(0);
    expect(
      (await listAuditEvents({ scope: { accountId: bob.id }, filters: { action: "*.denied" }, page: 1, pageSize: 50 })).rows,
    ).toHaveLength(1);

    const first = await list({}, 1, 2);
    const third = await list({}, 3, 2);
    expect(first.hasMore).toBe(true);
    expect(third).toMatchObject({ hasMore: false, rows: [{ action: "key.create" }] });
    expect(first.rows[0].id).toBeGreaterThan(first.rows[1].id);
  });

  it("lets admins see everyone's rows and filter by client", async () => {
    const { rows } = await listAuditEvents({
      scope: "everyone",
      filters: { account: bob.email.toUpperCase() },
      page: 1,
      pageSize: 50,
    });
    expect(rows.map((r) => r.ownerEmail)).toEqual([bob.email, bob.email]);
    // Admins see the key's name on a refused attempt.
    expect(rows[0]).toMatchObject({ action: "key.revoke.denied", keyName: expect.stringContaining("Alice key") });
    const all = [];
    for await (const row of eachAuditEvent({ scope: "everyone", filters: { account: alice.id }, pageSize: 2 })) all.push(row.id);
    expect(all).toHaveLength(5);
    expect([...all].sort((a, b) => b - a)).toEqual(all);
  });

  it("names an organisation's current members in its trail, and no one else", async () => {
    const { account, actor } = await organizationOf(alice, "owner", "Named Org");
    const carol = await createUser({ name: "Carol" });
    const { actor: carolActor } = await organizationOf(carol, "developer", "Carol's other org");
    const db = await getDb();
    await db.insert(memberships).values({ accountId: account.id, userId: carol.id, role: "developer" });
    await createKey({ ...carolActor, member: { accountId: account.id, role: "developer" } }, account.id, createKeyInput());
    await createKey(actor, account.id, createKeyInput());
    await createKey(adminActorOf(admin), account.id, createKeyInput());
    const trail = async () =>
      (await listAuditEvents({ scope: { accountId: account.id }, filters: {}, page: 1, pageSize: 50 })).rows.map((r) => [
        r.actorUserId,
        r.actorEmail,
        r.actorIsAdmin,
      ]);
    expect(await trail()).toEqual([
      [admin.id, null, true],
      [alice.id, alice.email, false],
      [carol.id, carol.email, false],
    ]);
    // Once Carol has left, her rows stay hers but no longer name her.
    await db.delete(memberships).where(and(eq(memberships.accountId, account.id), eq(memberships.userId, carol.id)));
    expect((await trail())[2]).toEqual([carol.id, null, false]);
  });

  it("names an organisation's rows by its account, and filters by its name", async () => {
    const name = `Org ${crypto.randomUUID()}`;
    const { account, actor } = await organizationOf(alice, "owner", name);
    await createKey(actor, account.id, createKeyInput({ name: "Org key" }));
    const { rows } = await listAuditEvents({
      scope: "everyone",
      filters: { account: name.toUpperCase() },
      page: 1,
      pageSize: 50,
    });
    expect(rows.map((r) => [r.action, r.accountId, r.accountName, r.ownerEmail])).toEqual([
      ["key.create", account.id, name, null],
    ]);
  });
});

describe("CSV export", () => {
  it("answers 401 when signed out", async () => {
    signInAs(null);
    expect((await get(clientExport.GET, "/audit/export")).status).toBe(401);
    expect((await get(adminExport.GET, "/admin/audit/export")).status).toBe(401);
  });

  it("streams the client's own filtered trail as an attachment", async () => {
    signInAs(alice);
    const response = await get(clientExport.GET, "/audit/export?action=key.update");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="latchkey-audit-.*\.csv"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const lines = (await response.text()).trim().split("\n");
    expect(lines[0]).toBe(
      "id,time_utc,action,account_id,actor_user_id,actor_email,actor_key_id,actor_key_name,key_id,key_name,ip,user_agent,changes,prev_hash,hash",
    );
    expect(lines).toHaveLength(5);
    expect(lines.slice(1).every((line) => line.includes(",key.update,") && line.includes(alice.id))).toBe(true);
    expect(lines[1]).toMatch(/"\{""name"":\{.*""Alice key v2"".*\}\}"/);
    expect(lines[1]).toContain('""to"":""Alice key v3""');
  });

  it("escapes cells a spreadsheet would run as a formula", async () => {
    const db = await getDb();
    await recordAudit(db, { accountId: alice.id, actorUserId: alice.id, action: "test.formula", userAgent: "=HYPERLINK(1)" });
    signInAs(alice);
    const text = await (await get(clientExport.GET, "/audit/export?action=test.formula")).text();
    expect(text).not.toContain(",=HYPERLINK");
    expect(text).toContain("'=HYPERLINK(1)");
  });

  it("refuses a bad filter with 400 rather than exporting something else", async () => {
    signInAs(alice);
    // A key filter is an id or text, so a bad one is a date that is not one.
    expect((await get(clientExport.GET, "/audit/export?from=nope")).status).toBe(400);
  });

  it("refuses a client the admin export with 403 and records the attempt", async () => {
    signInAs(bob);
    const response = await get(adminExport.GET, "/admin/audit/export");
    expect(response.status).toBe(403);
    expect((await deniedAttempts(bob.id)).map((e) => e.action)).toContain("audit.export.denied");
    const [row] = (await deniedAttempts(bob.id)).filter((e) => e.action === "audit.export.denied");
    expect(row).toMatchObject({ actorUserId: bob.id, ip: "198.51.100.20", userAgent: "export-test" });
  });

  it("gives admins every client's rows, filtered by client", async () => {
    signInAs(admin);
    const response = await get(adminExport.GET, `/admin/audit/export?account=${bob.id}`);
    expect(response.status).toBe(200);
    const lines = (await response.text()).trim().split("\n");
    expect(lines[0]).toMatch(/^id,time_utc,action,account_id,account_name,owner_email,/);
    expect(lines.slice(1).every((line) => line.includes(`${bob.id},Bob,${bob.email}`))).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    // An old link's `owner=` still filters.
    const old = (await (await get(adminExport.GET, `/admin/audit/export?owner=${bob.id}`)).text()).trim().split("\n");
    expect(old).toEqual(lines);
  });

  it("never puts a secret in a row", async () => {
    const db = await getDb();
    const rows = await db.select().from(auditEvents).where(eq(auditEvents.accountId, alice.id));
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/lk_(live|test)_[0-9A-Za-z]{20,}/);
  });
});
