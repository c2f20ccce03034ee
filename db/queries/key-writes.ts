import "server-only";
import { and, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { getDb, type Transaction } from "@/db";
import { type ApiKey, apiKeys, apiKeyScopes, apiKeySecrets, type NewApiKey } from "@/db/schema";

// Plain writes of a key's rows, for the lifecycle commands in lib/keys, which lock, check, audit and notify around
// them. A write to the key's own row has the account in its WHERE clause; those to its secrets and scopes go by key id
// only, and run only under the lock of a key found with its account (lockedKey in lib/keys/lifecycle-steps.ts).

type KeyRef = { keyId: string; accountId: string };

export async function insertKey(tx: Transaction, values: NewApiKey, secret: { hash: string }, scopes: string[]): Promise<ApiKey> {
  const [key] = await tx.insert(apiKeys).values(values).returning();
  await tx.insert(apiKeySecrets).values({ keyId: key.id, hash: secret.hash, start: key.start });
  await tx.insert(apiKeyScopes).values(scopes.map((scope) => ({ keyId: key.id, scope })));
  return key;
}

export async function updateKeyRow(
  tx: Transaction,
  { keyId, accountId }: KeyRef,
  change: PgUpdateSetSource<typeof apiKeys>,
): Promise<ApiKey> {
  const [updated] = await tx
    .update(apiKeys)
    .set(change)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId)))
    .returning();
  return updated;
}

export async function replaceKeyScopes(tx: Transaction, keyId: string, scopes: string[]): Promise<void> {
  await tx.delete(apiKeyScopes).where(eq(apiKeyScopes.keyId, keyId));
  await tx.insert(apiKeyScopes).values(scopes.map((scope) => ({ keyId, scope })));
}

export async function insertSecret(tx: Transaction, secret: { keyId: string; hash: string; start: string }): Promise<void> {
  await tx.insert(apiKeySecrets).values(secret);
}

/**
 * Every secret of the key still working stops `afterSeconds` from now (0: now). A secret already ending sooner keeps
 * its end: a shorter grace is never extended. The database's clock, as everywhere a secret's validity is decided:
 * verification compares with its now(). Returns when the changed secrets stop.
 */
export async function endSecrets(tx: Transaction, keyId: string, afterSeconds: number): Promise<(Date | null)[]> {
  const endsAt = sql`now() + make_interval(secs => ${afterSeconds})`;
  const ended = await tx
    .update(apiKeySecrets)
    .set({ expiresAt: endsAt })
    .where(and(eq(apiKeySecrets.keyId, keyId), or(isNull(apiKeySecrets.expiresAt), gt(apiKeySecrets.expiresAt, endsAt))))
    .returning({ endsAt: apiKeySecrets.expiresAt });
  return ended.map((row) => row.endsAt);
}

/**
 * One secret of the key (a rolled-out one still in its grace) stops `afterSeconds` from now, or keeps its end if that
 * comes sooner, as endSecrets does for all of them. Returns when it stops.
 */
export async function endSecret(tx: Transaction, { keyId, secretId }: { keyId: string; secretId: string }, afterSeconds: number) {
  const endsAt = sql`now() + make_interval(secs => ${afterSeconds})`;
  const [row] = await tx
    .update(apiKeySecrets)
    .set({ expiresAt: sql`least(${apiKeySecrets.expiresAt}, ${endsAt})` })
    .where(and(eq(apiKeySecrets.id, secretId), eq(apiKeySecrets.keyId, keyId)))
    .returning({ endsAt: apiKeySecrets.expiresAt });
  return row?.endsAt ?? null;
}

/** Ends now every secret of the key still in a grace period (never the current one, which has no end); answers their starts. */
export async function endGraceSecrets(tx: Transaction, keyId: string): Promise<string[]> {
  const ended = await tx
    .update(apiKeySecrets)
    .set({ expiresAt: sql`now()` })
    .where(and(eq(apiKeySecrets.keyId, keyId), gt(apiKeySecrets.expiresAt, sql`now()`)))
    .returning({ start: apiKeySecrets.start });
  return ended.map((row) => row.start);
}

/** Moves when keys were made back by `days` (their order kept): for the demo seed only, whose keys come with history. */
export async function backdateKeys(keyIds: string[], days: number): Promise<void> {
  if (keyIds.length === 0) return;
  const db = await getDb();
  await db
    .update(apiKeys)
    .set({ createdAt: sql`${apiKeys.createdAt} - make_interval(days => ${days})` })
    .where(inArray(apiKeys.id, keyIds));
}
