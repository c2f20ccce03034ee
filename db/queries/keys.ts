import "server-only";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { accounts, apiKeys, apiKeyScopes, apiKeySecrets, users, type ApiKey } from "@/db/schema";

export type KeyWithScopes = ApiKey & { scopes: string[] };

// Scopes come back as one sorted array per key instead of a row per scope.
const scopesOfKey = sql<string[]>`coalesce(
  (select array_agg(${apiKeyScopes.scope} order by ${apiKeyScopes.scope})
   from ${apiKeyScopes} where ${apiKeyScopes.keyId} = ${apiKeys.id}),
  '{}'::text[])`;

export async function listKeysForAccount(accountId: string): Promise<KeyWithScopes[]> {
  const db = await getDb();
  const rows = await db
    .select({ key: apiKeys, scopes: scopesOfKey })
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, accountId), isNull(apiKeys.hiddenAt)))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map((row) => ({ ...row.key, scopes: row.scopes }));
}

/** The owner is part of the lookup: another tenant's key id finds nothing. */
export async function findKeyForAccount(
  { keyId, accountId }: { keyId: string; accountId: string },
  executor?: Executor,
  options: { forUpdate?: boolean } = {},
): Promise<KeyWithScopes | undefined> {
  const db = executor ?? (await getDb());
  const query = db
    .select({ key: apiKeys, scopes: scopesOfKey })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId), isNull(apiKeys.hiddenAt)));
  // Lifecycle changes lock the row so that two concurrent rolls or a roll and a revoke serialise.
  const [row] = await (options.forUpdate ? query.for("update", { of: apiKeys }) : query);
  return row && { ...row.key, scopes: row.scopes };
}

export interface SecretGrace {
  start: string;
  expiresAt: Date;
}

/** Rolled-out secrets of a key that still work, so the page can show the grace period running. */
export async function listSecretsInGrace({ keyId, accountId }: { keyId: string; accountId: string }): Promise<SecretGrace[]> {
  const db = await getDb();
  const rows = await db
    .select({ start: apiKeySecrets.start, expiresAt: apiKeySecrets.expiresAt })
    .from(apiKeySecrets)
    .innerJoin(apiKeys, eq(apiKeys.id, apiKeySecrets.keyId))
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId), gt(apiKeySecrets.expiresAt, sql`now()`)))
    .orderBy(desc(apiKeySecrets.expiresAt));
  return rows.map((row) => ({ start: row.start, expiresAt: row.expiresAt! }));
}

export interface KeyForVerification {
  key: KeyWithScopes;
  accountStatus: "active" | "suspended";
  /** The account's plan: on "none" (no API access) none of its keys work. */
  accountPlan: "none" | "basic" | "advanced";
  accountName: string;
  /**
   * "admin" for a key of a platform admin's personal account (the platform's own keys), "client" for every other: a
   * key acting through the API never grants more than its account could (admin-only scopes stay the platform's).
   */
  platformRole: "client" | "admin";
  secretExpiresAt: Date | null;
}

/**
 * The hot path: one indexed lookup by hash, joined to the key, its scopes and its account. Rolled-out
 * secrets are found too, with their expiry, so that a refusal can still be attributed to its key; the caller decides
 * validity.
 */
export async function findKeyBySecretHash(hash: string): Promise<KeyForVerification | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({
      key: apiKeys,
      scopes: scopesOfKey,
      accountStatus: accounts.status,
      accountPlan: accounts.plan,
      accountName: accounts.name,
      platformRole: users.role,
      secretExpiresAt: apiKeySecrets.expiresAt,
    })
    .from(apiKeySecrets)
    .innerJoin(apiKeys, eq(apiKeys.id, apiKeySecrets.keyId))
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    // A personal account has its person's id: the person's platform role is the account's.
    .leftJoin(users, and(eq(users.id, accounts.id), eq(accounts.kind, "personal")))
    .where(eq(apiKeySecrets.hash, hash))
    .limit(1);
  if (!row) return undefined;
  return {
    key: { ...row.key, scopes: row.scopes },
    accountStatus: row.accountStatus,
    accountPlan: row.accountPlan,
    accountName: row.accountName,
    platformRole: row.platformRole ?? "client",
    secretExpiresAt: row.secretExpiresAt,
  };
}
