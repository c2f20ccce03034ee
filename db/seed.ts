import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { DEMO_ACCOUNTS } from "@/lib/demo-accounts";
import { createKey } from "@/lib/keys/lifecycle";
import { findUserByEmail, insertUserIfNew } from "@/db/queries/users";
import type { Actor } from "@/lib/actor";

/** Idempotent: an account that exists already is left as it is. */
export async function seedDemoAccounts(): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    if (await findUserByEmail(account.email)) continue;
    const user = await insertUserIfNew({
      email: account.email,
      name: account.name,
      role: account.role,
      plan: account.plan,
      passwordHash: await hashPassword(account.password),
    });
    if (user && account.role === "client") await seedDemoKeys(user.id, account.plan);
  }
}

// A couple of keys so that a first look at the dashboard shows what it is for. Their secrets are
// thrown away: nobody ever sees them, exactly as with any other key after its reveal.
async function seedDemoKeys(ownerId: string, plan: "none" | "basic" | "advanced") {
  const actor: Actor = { userId: ownerId, keyId: null, role: "client", ip: null, userAgent: "seed" };
  await createKey(actor, ownerId, {
    name: "Production backend",
    description: "Used by the order service to take payments.",
    // Writing payments is an advanced-plan scope; a basic client's backend only reads.
    scopes: plan === "advanced" ? ["customers:read", "payments:read", "payments:write"] : ["customers:read", "payments:read"],
    environment: "live",
    rateLimit: 600,
    rateLimitWindow: "minute",
    expiresAt: null,
  });
  await createKey(actor, ownerId, {
    name: "CI smoke tests",
    description: "",
    scopes: ["keys:read", "payments:read"],
    environment: "test",
    rateLimit: 60,
    rateLimitWindow: "minute",
    expiresAt: new Date(Date.now() + 5 * 24 * 60 * 60 * 1000),
  });
}
