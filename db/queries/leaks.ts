import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type Executor, getDb, type Transaction } from "@/db";
import { apiKeySecrets, apiKeys, type LeakAction, leakPolicy, leakReports, type NewLeakReportRow } from "@/db/schema";

// Leak reports' reads and plain writes (the command is lib/leaks/handle-report.ts).

/** The secret a token's hash names, with its key's id and account: the same lookup verification makes. */
export async function findSecretByHash(hash: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      secretId: apiKeySecrets.id,
      secretStart: apiKeySecrets.start,
      keyId: apiKeySecrets.keyId,
      accountId: apiKeys.accountId,
    })
    .from(apiKeySecrets)
    .innerJoin(apiKeys, eq(apiKeys.id, apiKeySecrets.keyId))
    .where(eq(apiKeySecrets.hash, hash))
    .limit(1);
  return row;
}

/** The secret's end, read again under the key's lock. */
export async function secretEnd(tx: Transaction, secretId: string): Promise<Date | null | undefined> {
  const [row] = await tx.select({ expiresAt: apiKeySecrets.expiresAt }).from(apiKeySecrets).where(eq(apiKeySecrets.id, secretId));
  return row ? row.expiresAt : undefined;
}

/** Whether an earlier report of this secret already acted on it (revoked or rolled its key, or ended it). */
export async function secretAlreadyHandled(tx: Transaction, secretId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: leakReports.id })
    .from(leakReports)
    .where(and(eq(leakReports.secretId, secretId), inArray(leakReports.outcome, ["revoked", "rolled", "secret_ended"])))
    .limit(1);
  return row !== undefined;
}

export async function insertLeakReport(executor: Executor, row: NewLeakReportRow): Promise<void> {
  await executor.insert(leakReports).values(row);
}

/** The log, newest first, `limit` at a time; `before` (a row's time and id) continues after it. */
export async function listLeakReports({ before, limit }: { before?: { at: Date; id: string }; limit: number }) {
  const db = await getDb();
  const at = sql`date_trunc('milliseconds', ${leakReports.receivedAt})`;
  const rows = await db
    .select()
    .from(leakReports)
    .where(
      before
        ? sql`(${at} < ${before.at.toISOString()}::timestamptz or (${at} = ${before.at.toISOString()}::timestamptz and ${leakReports.id} < ${before.id}))`
        : undefined,
    )
    .orderBy(desc(at), desc(leakReports.id))
    .limit(limit + 1);
  return { reports: rows.slice(0, limit), hasMore: rows.length > limit };
}

export async function savedLeakPolicy(executor?: Executor) {
  const db = executor ?? (await getDb());
  const [row] = await db.select().from(leakPolicy).where(eq(leakPolicy.id, 1));
  return row;
}

export async function saveLeakPolicy(
  executor: Executor,
  policy: { action: LeakAction; graceMinutes: number; updatedBy: string | null },
): Promise<void> {
  await executor
    .insert(leakPolicy)
    .values({ id: 1, ...policy })
    .onConflictDoUpdate({ target: leakPolicy.id, set: { ...policy, updatedAt: sql`now()` } });
}
