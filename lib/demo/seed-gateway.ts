import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { gatewayServices } from "@/db/schema";
import { findUserByEmail } from "@/db/queries/users";
import { addRoute, createService } from "@/lib/accounts/gateway";
import type { Actor } from "@/lib/audit/actor";
import { DEMO_ACCOUNTS } from "./accounts";

export const DEMO_SERVICE_SLUG = "demo";

/** Where the demo upstream answers: this very server (app/demo-upstream/), on loopback. */
export function demoUpstreamUrl(port = process.env.PORT || "3000"): string {
  return `http://127.0.0.1:${port}/demo-upstream`;
}

/**
 * A demo service in front of the demo upstream, so that right after the first start one curl line shows the gateway
 * at work. Idempotent like the rest of the demo seed: seeded while no service has the slug `demo` (disable it to keep
 * it quiet; deleted, the demo seed brings it back at the next start). A real database never gets it unless SEED_DEMO=1.
 */
export async function seedDemoGateway(): Promise<void> {
  const db = await getDb();
  const existing = await db
    .select({ id: gatewayServices.id })
    .from(gatewayServices)
    .where(eq(gatewayServices.slug, DEMO_SERVICE_SLUG));
  if (existing.length > 0) return;
  const admin = await findUserByEmail(DEMO_ACCOUNTS[0].email);
  if (!admin) return;
  const actor: Actor = { userId: admin.id, keyId: null, role: "admin", ip: null, userAgent: "seed" };
  const { service } = await createService(actor, {
    name: "Demo upstream",
    slug: DEMO_SERVICE_SLUG,
    baseUrl: demoUpstreamUrl(),
    timeoutMs: 5_000,
    enabled: true,
  });
  const rules = [
    { method: "GET", pathPattern: "/echo/*", requiredScopes: ["payments:read"], cost: 1 },
    { method: "POST", pathPattern: "/echo/*", requiredScopes: ["payments:write"], cost: 2 },
    { method: "GET", pathPattern: "/stream", requiredScopes: ["payments:read"], cost: 1 },
  ] as const;
  for (const rule of rules) await addRoute(actor, service.id, { ...rule, requiredScopes: [...rule.requiredScopes] });
}
