import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { insertUserIfNew } from "@/db/queries/users";
import { writeUsageBatch } from "@/db/queries/usage-writes";
import { accounts, apiKeys, memberships, type Account, type MemberRole, type User } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { createKey } from "@/lib/keys/lifecycle";
import { createKeySchema, type CreateKeyInput } from "@/lib/validations/key";

/** Scopes a test adds to the catalogue start with this, so that checks of the migrated catalogue can leave them out. */
export const TEST_SCOPE_PREFIX = "test-";

// Not a real scrypt hash: these users never sign in, and hashing at full cost would slow every test.
const UNUSABLE_PASSWORD_HASH = "scrypt$16384$8$1$AAAA$AAAA";

/**
 * A user with a unique email, so that files sharing one postgres database never see each other's rows. Tests that
 * are not about plans get "advanced", whose limits they never reach; plan tests choose theirs.
 */
export async function createUser(
  overrides: Partial<Pick<User, "role" | "name"> & Pick<Account, "status" | "plan">> = {},
): Promise<User> {
  const user = await insertUserIfNew(
    {
      email: `user-${randomUUID()}@test.latchkey.local`,
      name: overrides.name ?? "Test User",
      role: overrides.role ?? "client",
      passwordHash: UNUSABLE_PASSWORD_HASH,
    },
    { status: overrides.status ?? "active", plan: overrides.plan ?? "advanced" },
  );
  if (!user) throw new Error("test user was not created");
  return user;
}

/** The user acting in their personal account (whose id is theirs), as its owner. */
export function actorOf(user: User): Actor {
  return {
    userId: user.id,
    keyId: null,
    role: user.role,
    ip: "203.0.113.7",
    userAgent: "vitest",
    member: { accountId: user.id, role: "owner" },
  };
}

/**
 * An organisation account `user` is a member of with `role`, and that member's actor in it: for tests of several
 * accounts one person belongs to.
 */
export async function organizationOf(user: User, role: MemberRole = "owner", name = "Acme Ltd") {
  const db = await getDb();
  const [account] = await db.insert(accounts).values({ name, kind: "organization", plan: "advanced" }).returning();
  await db.insert(memberships).values({ accountId: account.id, userId: user.id, role });
  return { account, actor: memberActor(user, account.id, role) };
}

/** `user` acting in `accountId` with `role`, as the dashboard makes them act. */
export function memberActor(user: User, accountId: string, role: MemberRole): Actor {
  return { ...actorOf(user), member: { accountId, role } };
}

/** A platform admin acting in the admin area: on any client's behalf, as no member of the account. */
export function adminActorOf(admin: User): Actor {
  return { userId: admin.id, keyId: null, role: admin.role, ip: "203.0.113.7", userAgent: "vitest" };
}

/** Goes through the real schema, so the lifecycle gets exactly what a form would give it. */
export function createKeyInput(overrides: Record<string, unknown> = {}): CreateKeyInput {
  return createKeySchema.parse({
    name: "Order service",
    description: "Takes payments",
    scopes: ["payments:read", "keys:read"],
    environment: "live",
    rateLimit: 600,
    rateLimitWindow: "minute",
    expiry: "never",
    ...overrides,
  });
}

/** A key of `user` with exactly these scopes, and its secret, to call the API with. */
export async function apiKeyFor(user: User, scopes: string[], overrides: Record<string, unknown> = {}) {
  return createKey(
    actorOf(user),
    user.id,
    createKeyInput({ name: `API caller ${scopes.join(" ")}`.slice(0, 64).trim(), scopes, ...overrides }),
  );
}

/** A new owner with one key made from createKeyInput (any field overridden), and the key's secret. */
export async function ownerWithKey(overrides: Record<string, unknown> = {}) {
  const owner = await createUser();
  const issued = await createKey(actorOf(owner), owner.id, createKeyInput(overrides));
  return { owner, ...issued };
}

/**
 * A new owner with a key that may read and manage their keys, holding the scopes the API tests grant (a key can only
 * grant, change or roll what it holds itself).
 */
export async function ownerWithManagerKey() {
  const owner = await createUser();
  const manager = await apiKeyFor(owner, ["keys:read", "keys:write", "payments:read", "payments:write"]);
  return { owner, manager, secret: manager.secret };
}

/** A POST /api/v1/keys body that every check of that route starts from (a name to trim, a scope given twice). */
export const newKey = {
  name: "  Billing worker ",
  scopes: ["payments:write", "payments:read", "payments:read"],
  environment: "test",
  rateLimit: 120,
  rateLimitWindow: "minute",
};

/** A usage event as the API gate records it (an accepted GET /api/v1/me), for `key`; any field overridden. */
export function usageRecordFor<O extends Record<string, unknown>>(
  key: { id: string; accountId: string },
  overrides: O = {} as O,
) {
  return {
    keyId: key.id,
    accountId: key.accountId,
    at: new Date(),
    method: "GET",
    route: "/api/v1/me",
    status: 200,
    latencyMs: 3,
    ip: "198.51.100.9",
    userAgent: "vitest",
    counted: true,
    outcome: "ok",
    ...overrides,
  };
}

/**
 * Makes a key old and busy enough for "scopes broader than used" to judge it (lib/usage/key-flags.ts): created 8 days
 * ago, with `calls` accepted calls of GET /api/v1/me, a route that needs no scope.
 */
export async function seasonKey(key: { id: string; accountId: string; createdAt: Date }, calls = 100) {
  const db = await getDb();
  const createdAt = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
  await db.update(apiKeys).set({ createdAt }).where(eq(apiKeys.id, key.id));
  key.createdAt = createdAt;
  await writeUsageBatch(Array.from({ length: calls }, () => usageRecordFor(key)));
}
