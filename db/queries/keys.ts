import "server-only";
import { and, count, desc, eq, gt, ilike, isNull, or, sql } from "drizzle-orm";
import { escapeLike } from "@/db/like";
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

/** How many keys /keys shows at a time. */
export const KEYS_PAGE_SIZE = 50;

export interface KeysPage {
  keys: KeyWithScopes[];
  /** Every key matching the search, across pages (-1 when not counted). */
  total: number;
  /** The id of the page's last key when more follow: the next page starts after it. */
  nextAfter: string | null;
}

/**
 * One page of the account's keys, newest first, optionally only those whose name contains `q` or whose visible start
 * begins with it. Pages follow each other by key (keyset pagination on created_at, id): a page reads its 50 rows from
 * the account's index however many keys come before it, and a key made meanwhile does not shift the pages. `after` is
 * the previous page's last key, looked up within the account: another account's id yields an empty page.
 */
export async function listKeysPage(
  accountId: string,
  {
    q = "",
    after,
    pageSize = KEYS_PAGE_SIZE,
    countAll = true,
  }: {
    q?: string;
    after?: string;
    pageSize?: number;
    /** false: `total` is not counted (the API has no use for it). */
    countAll?: boolean;
  },
): Promise<KeysPage> {
  const db = await getDb();
  const pattern = escapeLike(q);
  const matching = and(
    eq(apiKeys.accountId, accountId),
    isNull(apiKeys.hiddenAt),
    q ? or(ilike(apiKeys.name, `%${pattern}%`), ilike(apiKeys.start, `${pattern}%`)) : undefined,
  );
  const afterCursor = after
    ? sql`(${apiKeys.createdAt}, ${apiKeys.id}) < (select k.created_at, k.id from api_keys k
        where k.id = ${after} and k.account_id = ${accountId})`
    : undefined;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ key: apiKeys, scopes: scopesOfKey })
      .from(apiKeys)
      .where(and(matching, afterCursor))
      .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
      .limit(pageSize + 1),
    countAll ? db.select({ total: count() }).from(apiKeys).where(matching) : [{ total: -1 }],
  ]);
  const keys = rows.slice(0, pageSize).map((row) => ({ ...row.key, scopes: row.scopes }));
  return { keys, total: Number(total), nextAfter: rows.length > pageSize ? keys[keys.length - 1].id : null };
}

/** The account is part of the lookup: another tenant's key id finds nothing. */
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
