import "server-only";
import { and, asc, count, eq, gt, isNull, or, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { apiKeys, plans, users, type Plan } from "@/db/schema";

export async function listPlans(): Promise<Plan[]> {
  const db = await getDb();
  return db.select().from(plans).orderBy(asc(plans.maxActiveKeys));
}

export interface OwnerPlan {
  role: "client" | "admin";
  plan: Plan;
}

/**
 * The owner's role and plan, with the owner row locked until the transaction ends: two concurrent creates for one
 * owner take turns here, so the second counts the first's key and the plan's maximum cannot be exceeded.
 */
export async function lockOwnerPlan(tx: Executor, ownerId: string): Promise<OwnerPlan | undefined> {
  const [owner] = await tx.select({ role: users.role, plan: users.plan }).from(users).where(eq(users.id, ownerId)).for("update");
  if (!owner) return undefined;
  const [plan] = await tx.select().from(plans).where(eq(plans.name, owner.plan)).limit(1);
  if (!plan) return undefined;
  return { role: owner.role, plan };
}

/** Keys that count against the plan: not revoked, not expired, not removed from the list. */
export async function countActiveKeys(executor: Executor, ownerId: string): Promise<number> {
  const [row] = await executor
    .select({ n: count() })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.ownerId, ownerId),
        isNull(apiKeys.revokedAt),
        isNull(apiKeys.hiddenAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)),
      ),
    );
  return Number(row?.n ?? 0);
}
