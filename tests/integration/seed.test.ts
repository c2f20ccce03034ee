import { count, eq, inArray, sql } from "drizzle-orm";
import { resultRows } from "@/db/rows";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { listKeysForAccount } from "@/db/queries/keys";
import { findUserByEmail } from "@/db/queries/users";
import { gatewayServices, usageEvents, users } from "@/db/schema";
import { findServiceWithRoutes } from "@/db/queries/gateway";
import { DEMO_SERVICE_SLUG } from "@/lib/demo/seed-gateway";
import { demoReceiverUrl } from "@/lib/demo/demo-urls";
import { receiveDemoWebhook } from "@/lib/demo/seed-webhooks";
import { listEndpoints } from "@/db/queries/webhooks";
import { openSecret } from "@/lib/webhooks/secret-box";
import { Webhook } from "standardwebhooks";
import { usageOverview } from "@/db/queries/usage-analytics";
import { rankAccountKeys } from "@/db/queries/usage-rankings";
import { verifyPassword } from "@/lib/auth/password";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { seedDemoAccounts } from "@/lib/demo/seed";
import { DEMO_ORGANIZATION } from "@/lib/demo/seed-team";
import { listMembershipsOfUser } from "@/db/queries/accounts";
import { rowCountsFor } from "../support/inspect";

// The only file that uses fixed emails: the demo accounts are what it tests, and no other file creates them.
async function demoState() {
  const db = await getDb();
  const accounts = await db
    .select()
    .from(users)
    .where(
      inArray(
        users.email,
        DEMO_ACCOUNTS.map((a) => a.email),
      ),
    );
  const counts = await Promise.all(accounts.map((a) => rowCountsFor({ accountId: a.id })));
  return { accounts: accounts.map((a) => a.id).sort(), counts: counts.sort((a, b) => a.keys - b.keys) };
}

describe("seedDemoAccounts", () => {
  it("creates the demo accounts, with keys for the clients only", { timeout: 60_000 }, async () => {
    await seedDemoAccounts();
    for (const account of DEMO_ACCOUNTS) {
      const user = await findUserByEmail(account.email);
      expect(user).toMatchObject({ role: account.role, name: account.name });
      expect(await verifyPassword(account.password, user!.passwordHash)).toBe(true);
      const keys = await listKeysForAccount(user!.id);
      expect(keys.map((k) => k.name)).toEqual(account.role === "client" ? ["CI smoke tests", "Production backend"] : []);
    }
  });

  it("is idempotent: running it again adds and changes nothing", { timeout: 60_000 }, async () => {
    await seedDemoAccounts();
    const before = await demoState();
    expect(before.accounts).toHaveLength(DEMO_ACCOUNTS.length);
    await seedDemoAccounts();
    expect(await demoState()).toEqual(before);
  });

  it("gives Alice's keys a month of usage, with rollups that agree with the events", { timeout: 60_000 }, async () => {
    await seedDemoAccounts();
    const alice = (await findUserByEmail("alice@example.com"))!;
    const overview = await usageOverview({ accountId: alice.id }, 30);
    expect(overview.totals.requests).toBeGreaterThan(1_000);
    expect(overview.daily.filter((d) => d.successes > 0)).toHaveLength(30);
    expect(overview.totals.errors).toBeGreaterThan(0);
    expect(overview.totals.refused).toBeGreaterThan(0);
    const db = await getDb();
    const [events] = await db.select({ n: count() }).from(usageEvents).where(eq(usageEvents.accountId, alice.id));
    expect(events.n).toBe(overview.totals.requests + overview.totals.refused);
    // Each in its day's partition, none left in the default one.
    const inDefault = await db.execute(sql`select count(*)::int as n from usage_events_default where account_id = ${alice.id}`);
    expect(Number(resultRows<{ n: number }>(inDefault)[0].n)).toBe(0);
    const bob = (await findUserByEmail("bob@example.com"))!;
    expect((await usageOverview({ accountId: bob.id }, 30)).totals.requests).toBe(0);
  });

  // The issue that asked for this found 1,192 on one page and 1,209 on another: every figure of a key's requests, on
  // every page that shows one, is read here and must agree.
  it("gives figures that agree with each other on every page", { timeout: 60_000 }, async () => {
    await seedDemoAccounts();
    const alice = (await findUserByEmail("alice@example.com"))!;
    const keys = await listKeysForAccount(alice.id);
    const ranked = (await rankAccountKeys(alice.id, 30, { limit: 10 })).keys;
    for (const key of keys) {
      // The key list's and the key page's "in all", the key page's panel, and /usage's ranking.
      const panel = await usageOverview({ accountId: alice.id, keyId: key.id }, 30);
      const row = ranked.find((r) => r.keyId === key.id);
      expect([panel.totals.requests, row?.requests]).toEqual([key.requestCount, key.requestCount]);
      expect(row?.refused).toBe(panel.totals.refused);
      // The outcomes add up to the tiles: requests let through, refusals apart.
      const letThrough = panel.outcomes.filter((o) => o.outcome === "ok" || o.outcome === "failed");
      expect(letThrough.reduce((sum, o) => sum + o.requests, 0)).toBe(panel.totals.requests);
      expect(panel.outcomes.reduce((sum, o) => sum + o.requests, 0)).toBe(panel.totals.requests + panel.totals.refused);
      const routes = panel.topRoutes.reduce((sum, r) => sum + r.requests, 0);
      expect(routes).toBe(panel.totals.requests);
    }
    const account = await usageOverview({ accountId: alice.id }, 30);
    expect(account.totals.requests).toBe(keys.reduce((sum, k) => sum + k.requestCount, 0));
  });

  it("makes Acme Ltd, owned by Alice with Bob as a developer, with a key of its own, once", { timeout: 60_000 }, async () => {
    await seedDemoAccounts();
    await seedDemoAccounts();
    const alice = (await findUserByEmail("alice@example.com"))!;
    const bob = (await findUserByEmail("bob@example.com"))!;
    const acme = (await listMembershipsOfUser(alice.id)).filter((m) => m.account.name === DEMO_ORGANIZATION);
    expect(acme.map((m) => [m.account.kind, m.role])).toEqual([["organization", "owner"]]);
    const bobs = (await listMembershipsOfUser(bob.id)).find((m) => m.account.id === acme[0].account.id);
    expect(bobs?.role).toBe("developer");
    const keys = await listKeysForAccount(acme[0].account.id);
    expect(keys.map((k) => [k.name, k.createdBy, k.serviceAccountId === null])).toEqual([
      ["Deploy smoke tests", alice.id, false],
      ["Checkout service", alice.id, true],
    ]);
  });

  it("puts a demo gateway service in front of the demo upstream, once", { timeout: 60_000 }, async () => {
    await seedDemoAccounts();
    await seedDemoAccounts();
    const db = await getDb();
    const services = await db.select().from(gatewayServices).where(eq(gatewayServices.slug, DEMO_SERVICE_SLUG));
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({ baseUrl: "http://127.0.0.1:3000/demo-upstream", enabled: true });
    const found = await findServiceWithRoutes(services[0].id);
    expect(found?.routes.map((route) => [route.method, route.pathPattern, route.requiredScopes])).toEqual([
      ["GET", "/echo/*", ["payments:read"]],
      ["POST", "/echo/*", ["payments:write"]],
      ["GET", "/stream", ["payments:read"]],
    ]);
  });

  it("gives Alice an endpoint sending to the demo receiver, once, which verifies what it is sent", {
    timeout: 60_000,
  }, async () => {
    await seedDemoAccounts();
    await seedDemoAccounts();
    const alice = await findUserByEmail("alice@example.com");
    const endpoints = await listEndpoints({ accountId: alice!.id });
    expect(endpoints.map((e) => [e.url, e.eventTypes, e.enabled])).toEqual([[demoReceiverUrl(), [], true]]);

    const [endpoint] = endpoints;
    const body = JSON.stringify({ type: "key.created", timestamp: new Date().toISOString(), data: {} });
    const at = new Date();
    const signed = (secret: string) => ({
      "webhook-id": "msg_demo",
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign("msg_demo", at, body),
    });
    const post = (headers: Record<string, string>, payload = body) =>
      receiveDemoWebhook(new Request(demoReceiverUrl(), { method: "POST", headers, body: payload }));
    const secret = openSecret(endpoint!.secretCiphertext, endpoint!.id);
    expect((await post(signed(secret))).status).toBe(204);
    expect((await post(signed(secret), body.replace("created", "revoked"))).status).toBe(400);
    expect((await post(signed(`whsec_${Buffer.alloc(32, 7).toString("base64")}`))).status).toBe(400);
  });
});
