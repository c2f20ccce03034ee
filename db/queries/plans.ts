import "server-only";
import { and, asc, count, eq, gt, isNull, or, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { isPlatformOwned } from "./accounts";
import { accounts, apiKeys, plans, type Plan } from "@/db/schema";

export async function listPlans(): Promise<Plan[]> {
  const db = await getDb();
  return db.select().from(plans).orderBy(asc(plans.maxActiveKeys));
}

export interface AccountPlan {
  plan: Plan;
  /** A platform admin's personal account holds the platform's own keys: no plan limits it. */
  platformOwned: boolean;
  /** A deleted organisation: no key may be made or rolled in it again. */
  closed: boolean;
}

/**
 * The account's plan, with the account row locked until the transaction ends: two concurrent creates for one account
 * take turns here, so the second counts the first's key and the plan's maximum cannot be exceeded.
 */
export function lockAccountPlan(tx: Executor, accountId: string): Promise<AccountPlan | undefined> {
  return readAccountPlan(tx, accountId, { lock: true });
}

/** The account's plan as it is now, without a lock: for pages that show what the plan allows. */
export async function findAccountPlan(accountId: string): Promise<AccountPlan | undefined> {
  return readAccountPlan(await getDb(), accountId, { lock: false });
}

async function readAccountPlan(executor: Executor, accountId: string, { lock }: { lock: boolean }) {
  const query = executor
    .select({ plan: accounts.plan, closedAt: accounts.closedAt, platformOwned: isPlatformOwned })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  const [account] = await (lock ? query.for("update") : query);
  if (!account) return undefined;
  const [plan] = await executor.select().from(plans).where(eq(plans.name, account.plan)).limit(1);
  if (!plan) return undefined;
  return { plan, platformOwned: Boolean(account.platformOwned), closed: account.closedAt !== null };
}

/** The account's active keys (not revoked, hidden or expired; disabled ones count), outside a transaction. */
export async function countClientActiveKeys(accountId: string): Promise<number> {
  return countActiveKeys(await getDb(), accountId);
}

/** Keys that count against the plan: not revoked, not expired, not removed from the list. */
export async function countActiveKeys(executor: Executor, accountId: string): Promise<number> {
  const [row] = await executor
    .select({ n: count() })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.accountId, accountId),
        isNull(apiKeys.revokedAt),
        isNull(apiKeys.hiddenAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)),
      ),
    );
  return Number(row?.n ?? 0);
}

/** The plan's row, locked until the transaction ends: an admin's change to it is one at a time. */
export async function lockPlan(tx: Executor, name: Plan["name"]): Promise<Plan | undefined> {
  const [plan] = await tx.select().from(plans).where(eq(plans.name, name)).for("update");
  return plan;
}

/** Sets a plan's usage quota default (null: none) and monthly maximum (null: none). */
export async function setPlanUsageQuotaRow(
  tx: Executor,
  name: Plan["name"],
  change: { defaultQuota: { limit: number; period: "day" | "month" | "total" } | null; maxPerMonth: number | null },
): Promise<Plan> {
  const [plan] = await tx
    .update(plans)
    .set({
      defaultUsageQuota: change.defaultQuota?.limit ?? null,
      defaultUsageQuotaPeriod: change.defaultQuota?.period ?? null,
      maxUsageQuotaPerMonth: change.maxPerMonth,
    })
    .where(eq(plans.name, name))
    .returning();
  return plan;
}
