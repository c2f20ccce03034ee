import "server-only";
import { countClientActiveKeys, findAccountPlan } from "@/db/queries/plans";
import { planAllowsScope } from "./limits";

/**
 * What an account's plan allows and how much of it is used, for the forms to offer no more than the plan permits
 * (the commands check again: lib/plans/enforce.ts). Null limits: the platform's own account, which no plan bounds.
 */
export interface PlanStanding {
  planName: string;
  activeKeys: number;
  maxActiveKeys: number | null;
  maxRequestsPerMinute: number | null;
  allowedScopes: string[] | null;
  /** The most a key's usage quota may allow in a month (lib/plans/limits.ts perMonth); null: no maximum. */
  maxUsageQuotaPerMonth: number | null;
}

export async function planStanding(accountId: string): Promise<PlanStanding> {
  const [account, activeKeys] = await Promise.all([findAccountPlan(accountId), countClientActiveKeys(accountId)]);
  const bounded = account && !account.platformOwned ? account.plan : null;
  return {
    planName: account?.plan.name ?? "none",
    activeKeys,
    maxActiveKeys: bounded?.maxActiveKeys ?? null,
    maxRequestsPerMinute: bounded?.maxRequestsPerMinute ?? null,
    allowedScopes: bounded?.allowedScopes ?? null,
    maxUsageQuotaPerMonth: bounded?.maxUsageQuotaPerMonth ?? null,
  };
}

/** Whether the account may make another key now. */
export function atKeyLimit(standing: PlanStanding): boolean {
  return standing.maxActiveKeys !== null && standing.activeKeys >= standing.maxActiveKeys;
}

/**
 * Why the plan keeps a scope from a key, or null when it does not. Admin-only scopes are governed by who grants them,
 * not by the plan.
 */
export function planRefusesScope(standing: PlanStanding, scope: { name: string; adminOnly: boolean }): string | null {
  const allowed = standing.allowedScopes;
  if (!allowed || scope.adminOnly || planAllowsScope(allowed, scope.name)) return null;
  return `Not on the ${standing.planName} plan`;
}
