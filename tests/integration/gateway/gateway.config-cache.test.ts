import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { GATEWAY_CHANGES_CHANNEL, findServiceWithRoutes } from "@/db/queries/gateway";
import { gatewayRoutes } from "@/db/schema";
import { updateRoute } from "@/lib/accounts/gateway";
import { listenForGatewayChanges } from "@/lib/accounts/gateway-services";
import { apiKeyFor, createUser } from "../../support/factories";
import { callGateway, serviceWithRules, startUpstream } from "../../support/gateway";

// Each process keeps the gateway's services and rules in memory (lib/accounts/gateway-services.ts). A change made
// through the admin commands must apply to the very next call here, and a change another process announces as soon
// as its notification arrives: a rule tightened to need another scope must not let a call through from a stale copy.
process.env.GATEWAY_ALLOW_PRIVATE_UPSTREAMS = "127.0.0.0/8";

let upstream: Awaited<ReturnType<typeof startUpstream>>;

beforeAll(async () => {
  upstream = await startUpstream();
  await listenForGatewayChanges();
}, 30_000);

afterAll(() => upstream?.stop());

async function setUp() {
  const service = await serviceWithRules(`${upstream.url}/base`, [
    { method: "GET", pathPattern: "/echo/*", requiredScopes: ["payments:read"] },
  ]);
  const owner = await createUser();
  const { secret } = await apiKeyFor(owner, ["payments:read"], { rateLimit: 1000 });
  const [rule] = (await findServiceWithRoutes(service.service.id))!.routes;
  return { ...service, secret, rule, call: () => callGateway(`/gw/${service.slug}/echo/a`, { key: secret }) };
}

describe("the gateway's copy of its services and rules", () => {
  it("applies a change made through the admin commands to the very next call", async () => {
    const { actor, rule, call } = await setUp();
    expect((await call()).status).toBe(200);
    await updateRoute(actor, rule.id, { method: "GET", pathPattern: "/echo/*", requiredScopes: ["payments:write"], cost: 1 });
    expect((await call()).status).toBe(403);
  });

  it("forgets its copy when another process announces a change", async () => {
    const { rule, call } = await setUp();
    expect((await call()).status).toBe(200);
    // Another process's change: the row written there, the notification sent with it.
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx
        .update(gatewayRoutes)
        .set({ requiredScopes: ["payments:write"] })
        .where(eq(gatewayRoutes.id, rule.id));
      await tx.execute(sql`select pg_notify(${GATEWAY_CHANGES_CHANNEL}, '')`);
    });
    let status = 200;
    for (let i = 0; i < 50 && status === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await call()).status;
    }
    expect(status).toBe(403);
  });

  it("without a notification, keeps its copy (the TTL is the backstop)", async () => {
    const { rule, call } = await setUp();
    expect((await call()).status).toBe(200);
    const db = await getDb();
    await db
      .update(gatewayRoutes)
      .set({ requiredScopes: ["payments:write"] })
      .where(eq(gatewayRoutes.id, rule.id));
    expect((await call()).status).toBe(200);
  });
});
