import "server-only";
import { getDb } from "@/db";
import { insertAccount, insertMembership, listMembershipsOfUser } from "@/db/queries/accounts";
import { findUserByEmail } from "@/db/queries/users";
import type { Actor } from "@/lib/audit/actor";
import { createKey } from "@/lib/keys/lifecycle";
import { listKeysForAccount } from "@/db/queries/keys";
import { listServiceAccounts } from "@/db/queries/service-accounts";
import { createServiceAccount } from "@/lib/accounts/service-accounts";

export const DEMO_ORGANIZATION = "Acme Ltd";

/**
 * An organisation that shows what teams are for: Alice owns it, Bob is one of its developers, and it holds a key of its
 * own, made by Alice, that keeps working whoever leaves, and a service account for its deploy pipeline with its key. Idempotent.
 */
export async function seedDemoTeam(): Promise<void> {
  const alice = await findUserByEmail("alice@example.com");
  const bob = await findUserByEmail("bob@example.com");
  if (!alice || !bob) return;
  // Each part is looked for before it is made, so that a start interrupted half-way is completed by the next one.
  const existing = (await listMembershipsOfUser(alice.id)).find((m) => m.account.name === DEMO_ORGANIZATION)?.account;
  const db = await getDb();
  const account =
    existing ??
    (await db.transaction(async (tx) => {
      const created = await insertAccount(tx, { name: DEMO_ORGANIZATION, kind: "organization", plan: "advanced" });
      await insertMembership(tx, created.id, alice.id, "owner");
      await insertMembership(tx, created.id, bob.id, "developer");
      return created;
    }));
  const actor: Actor = {
    userId: alice.id,
    keyId: null,
    role: "client",
    ip: null,
    userAgent: "seed",
    member: { accountId: account.id, role: "owner" },
  };
  const keyNames = new Set((await listKeysForAccount(account.id)).map((key) => key.name));
  if (!keyNames.has("Checkout service"))
    await createKey(actor, account.id, {
      name: "Checkout service",
      description: "Acme's checkout takes payments with this key; it belongs to the organisation, not to a person.",
      scopes: ["payments:read", "payments:write"],
      environment: "live",
      rateLimit: 1200,
      rateLimitWindow: "minute",
      expiresAt: null,
    });
  // The team's machines hold their own keys: retiring the service account retires its keys, and nobody's leaving does.
  const deploy =
    (await listServiceAccounts(account.id)).find((holder) => holder.name === "CI deploy") ??
    (await createServiceAccount(actor, account.id, {
      name: "CI deploy",
      description: "The deploy pipeline's smoke tests.",
      role: "developer",
    }));
  if (!keyNames.has("Deploy smoke tests"))
    await createKey(actor, account.id, {
      name: "Deploy smoke tests",
      description: "",
      scopes: ["payments:read"],
      environment: "test",
      rateLimit: 60,
      rateLimitWindow: "minute",
      expiresAt: null,
      serviceAccountId: deploy.id,
    });
}
