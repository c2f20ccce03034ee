import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { createKey } from "@/lib/keys/lifecycle";
import { findUserByEmail, insertUserIfNew } from "@/db/queries/users";
import type { Actor } from "@/lib/audit/actor";
import { DEMO_HISTORY_DAYS, seedDemoUsage } from "@/lib/demo/seed-usage";
import { backdateKeys } from "@/db/queries/key-writes";
import { seedDemoGateway } from "@/lib/demo/seed-gateway";
import { seedDemoWebhook } from "@/lib/demo/seed-webhooks";
import { seedDemoTeam } from "@/lib/demo/seed-team";

/** Idempotent: an account that exists already is left as it is. */
export async function seedDemoAccounts(): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    if (await findUserByEmail(account.email)) continue;
    const user = await insertUserIfNew(
      { email: account.email, name: account.name, role: account.role, passwordHash: await hashPassword(account.password) },
      { plan: account.plan },
    );
    if (!user || account.role !== "client") continue;
    const keys = await seedDemoKeys(user.id, account.plan);
    // One account with a month of traffic is enough to show the charts; the other starts quiet.
    if (account.email === "alice@example.com") await seedDemoUsage(keys, user.id);
  }
  await seedDemoTeam();
  await seedDemoGateway();
  await seedDemoWebhook();
}

const verified = (scopes: string[], tags?: string[]) => ({ source: "verify" as const, scopes, tags });

// A couple of keys so that a first look at the dashboard shows what it is for. Their secrets are
// thrown away: nobody ever sees them, exactly as with any other key after its reveal.
async function seedDemoKeys(accountId: string, plan: "none" | "basic" | "advanced") {
  // The client makes their own keys, as the owner of their personal account (whose id is theirs).
  const actor: Actor = {
    userId: accountId,
    keyId: null,
    role: "client",
    ip: null,
    userAgent: "seed",
    member: { accountId, role: "owner" },
  };
  const backend = await createKey(actor, accountId, {
    name: "Production backend",
    description: "Used by the order service to take payments.",
    // Writing payments is an advanced-plan scope; a basic client's backend only reads.
    scopes: plan === "advanced" ? ["customers:read", "payments:read", "payments:write"] : ["customers:read", "payments:read"],
    environment: "live",
    rateLimit: 600,
    rateLimitWindow: "minute",
    expiresAt: null,
  });
  const smoke = await createKey(actor, accountId, {
    name: "CI smoke tests",
    description: "",
    scopes: ["keys:read", "payments:read"],
    environment: "test",
    rateLimit: 60,
    rateLimitWindow: "minute",
    expiresAt: new Date(Date.now() + 5 * 24 * 60 * 60 * 1000),
  });
  // Made a month ago, as their traffic says: the key pages then judge their scopes as they would a real month's.
  await backdateKeys([backend.key.id, smoke.key.id], DEMO_HISTORY_DAYS);
  return [
    {
      keyId: backend.key.id,
      perDay: 260,
      // The order service's calls to the platform's own API, each verified with POST /verify for the scope it needs.
      routes: [
        { method: "GET", route: "/v1/payments/:id", weight: 5, errorRate: 0.01, ...verified(["payments:read"], ["region=eu"]) },
        { method: "GET", route: "/v1/customers/:id", weight: 2, errorRate: 0.005, ...verified(["customers:read"]) },
        ...(plan === "advanced"
          ? [
              {
                method: "POST",
                route: "/v1/payments",
                weight: 1,
                errorRate: 0.04,
                ...verified(["payments:write"], ["region=eu"]),
              },
            ]
          : []),
        { method: "GET", route: "/api/v1/me", weight: 0.5, errorRate: 0 },
      ],
    },
    {
      keyId: smoke.key.id,
      perDay: 60,
      routes: [
        { method: "GET", route: "/api/v1/keys", weight: 4, errorRate: 0.03 },
        { method: "GET", route: "/api/v1/keys/:id", weight: 2, errorRate: 0.08 },
        { method: "GET", route: "/api/v1/me", weight: 1, errorRate: 0 },
      ],
    },
  ];
}
