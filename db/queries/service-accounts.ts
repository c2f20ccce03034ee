import "server-only";
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import { getDb, type Executor, type Transaction } from "@/db";
import { apiKeys, serviceAccounts, type MemberRole, type ServiceAccount } from "@/db/schema";

export interface ServiceAccountRow extends ServiceAccount {
  /** Keys it holds that are not revoked. */
  activeKeys: number;
}

/** The account's service accounts, working ones first, each with how many live keys it holds. */
export async function listServiceAccounts(accountId: string, executor?: Executor): Promise<ServiceAccountRow[]> {
  const db = executor ?? (await getDb());
  const rows = await db
    .select({ serviceAccount: serviceAccounts, activeKeys: count(apiKeys.id) })
    .from(serviceAccounts)
    .leftJoin(apiKeys, and(eq(apiKeys.serviceAccountId, serviceAccounts.id), isNull(apiKeys.revokedAt)))
    .where(eq(serviceAccounts.accountId, accountId))
    .groupBy(serviceAccounts.id)
    .orderBy(sql`${serviceAccounts.retiredAt} is not null`, asc(serviceAccounts.name), asc(serviceAccounts.id));
  return rows.map((row) => ({ ...row.serviceAccount, activeKeys: row.activeKeys }));
}

/**
 * A service account of this account (another account's id finds nothing), locked when asked: retiring takes it for
 * update, making a key for it takes it for share, so that no key is made for it while it is being retired.
 */
export async function findServiceAccount(
  { accountId, serviceAccountId }: { accountId: string; serviceAccountId: string },
  executor?: Executor,
  options: { lock?: "update" | "share" } = {},
): Promise<ServiceAccount | undefined> {
  const db = executor ?? (await getDb());
  const query = db
    .select()
    .from(serviceAccounts)
    .where(and(eq(serviceAccounts.id, serviceAccountId), eq(serviceAccounts.accountId, accountId)));
  const [row] = await (options.lock ? query.for(options.lock) : query);
  return row;
}

export async function insertServiceAccount(
  tx: Transaction,
  values: Pick<ServiceAccount, "accountId" | "name" | "description" | "createdBy"> & { role: MemberRole },
): Promise<ServiceAccount> {
  const [created] = await tx.insert(serviceAccounts).values(values).returning();
  return created;
}

export async function markServiceAccountRetired(tx: Transaction, serviceAccountId: string): Promise<ServiceAccount> {
  const [retired] = await tx
    .update(serviceAccounts)
    .set({ retiredAt: sql`now()` })
    .where(eq(serviceAccounts.id, serviceAccountId))
    .returning();
  return retired;
}

/** Ids of the keys the service account holds that are not revoked yet. */
export async function listLiveKeyIdsOfServiceAccount(tx: Transaction, accountId: string, serviceAccountId: string) {
  const rows = await tx
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, accountId), eq(apiKeys.serviceAccountId, serviceAccountId), isNull(apiKeys.revokedAt)))
    .orderBy(asc(apiKeys.createdAt));
  return rows.map((row) => row.id);
}
