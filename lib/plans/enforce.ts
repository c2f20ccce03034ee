import "server-only";
import type { Executor } from "@/db";
import { countActiveKeys, lockAccountPlan } from "@/db/queries/plans";
import { findScopes } from "@/db/queries/scopes";
import { AppError, PlanLimitError } from "@/lib/errors";
import type { RateLimitWindow, UsageQuota } from "@/lib/keys/settings";
import { keysAllowedMessage, perMinute, planAllowsScope, planDefaultUsageQuota, usageQuotaRefusal } from "./limits";

export interface PlannedKey {
  rateLimit: number;
  rateLimitWindow: RateLimitWindow;
  scopes: string[];
  /** The usage quota the key is to have; undefined (a new key whose maker chose none): the plan's default. */
  allowance?: UsageQuota | null;
}

const CLOSED = "This account was deleted: its keys cannot be made or rolled.";
const NO_ACCESS = "Your account has no API access. Ask your administrator to choose a plan for you.";

/**
 * Refuses a key its account's plan does not permit. Runs inside the lifecycle's transaction on every path (dashboard,
 * API, admin acting for the client, CLI) and locks the account row, so concurrent creates are counted one at a time.
 * A platform admin's personal account (the platform's own keys) is not limited by a plan. Admin-only scopes are governed by the actor's role, not the plan.
 * Answers the usage quota the key gets: the one asked for, else the plan's default (`quotaUnchanged`: an edit that
 * keeps the key's own, not checked against the plan's maximum).
 */
export async function assertPlanAllows(
  tx: Executor,
  accountId: string,
  key: PlannedKey,
  options: { newKey: boolean; alreadyGranted?: string[]; quotaUnchanged?: boolean },
): Promise<UsageQuota | null> {
  const account = await lockAccountPlan(tx, accountId);
  if (account?.closed) throw new AppError("conflict", CLOSED);
  if (!account || account.platformOwned) return key.allowance ?? null;
  const { plan } = account;
  if (plan.maxActiveKeys === 0) throw new PlanLimitError(NO_ACCESS);
  if (options.newKey && (await countActiveKeys(tx, accountId)) >= plan.maxActiveKeys) {
    throw new PlanLimitError(keysAllowedMessage(plan.maxActiveKeys));
  }
  if (perMinute(key.rateLimit, key.rateLimitWindow) > plan.maxRequestsPerMinute) {
    const max = plan.maxRequestsPerMinute.toLocaleString("en-US");
    throw new PlanLimitError(`Your plan allows at most ${max} requests per minute.`, {
      rateLimit: [`Your plan allows at most ${max} requests per minute.`],
    });
  }
  const catalogue = new Map((await findScopes(key.scopes, tx)).map((scope) => [scope.name, scope]));
  const kept = options.alreadyGranted ?? [];
  const refused = key.scopes.filter(
    (name) => !kept.includes(name) && !catalogue.get(name)?.adminOnly && !planAllowsScope(plan.allowedScopes, name),
  );
  if (refused.length > 0) {
    const message = `Your plan does not include the scope${refused.length === 1 ? "" : "s"} ${refused.map((s) => `"${s}"`).join(", ")}.`;
    throw new PlanLimitError(message, { scopes: [message] });
  }
  const allowance = key.allowance === undefined ? planDefaultUsageQuota(plan) : key.allowance;
  // An edit that leaves the quota alone keeps it, as a plan change leaves existing keys alone: a key made before its
  // plan had a maximum can still be renamed; its quota is checked when someone changes it.
  if (options.quotaUnchanged) return allowance;
  const refusal = usageQuotaRefusal(plan.maxUsageQuotaPerMonth, allowance);
  if (refusal) throw new PlanLimitError(refusal, { quotaLimit: [refusal] });
  return allowance;
}

/** Rolling issues a working secret, so it needs API access; it adds no key, so the count is not checked. */
export async function assertPlanGivesAccess(tx: Executor, accountId: string): Promise<void> {
  const account = await lockAccountPlan(tx, accountId);
  if (account?.closed) throw new AppError("conflict", CLOSED);
  if (account && !account.platformOwned && account.plan.maxActiveKeys === 0) throw new PlanLimitError(NO_ACCESS);
}
