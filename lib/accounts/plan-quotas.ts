import "server-only";
import { getDb } from "@/db";
import { lockPlan, setPlanUsageQuotaRow } from "@/db/queries/plans";
import type { Plan } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit } from "@/lib/audit/record";
import { requireAdminRole } from "@/lib/auth/admin";
import { AppError, notFound } from "@/lib/errors";
import type { UsageQuota } from "@/lib/keys/settings";
import { planDefaultUsageQuota, usageQuotaRefusal } from "@/lib/plans/limits";

export interface PlanUsageQuotas {
  /** The usage quota a new key of the plan gets when its maker chooses none; null: none. */
  defaultQuota: UsageQuota | null;
  /** The most a key's quota may allow in a month; null: no maximum. */
  maxPerMonth: number | null;
}

const asText = (quota: UsageQuota | null) => quota && `${quota.limit}/${quota.period}`;

/**
 * Sets a plan's usage quota default and maximum (admins only), audited. Applies to keys made or edited from now on:
 * existing keys keep their quota until they are next edited, when the maximum is checked as every plan limit is.
 */
export async function setPlanUsageQuotas(actor: Actor, planName: Plan["name"], change: PlanUsageQuotas): Promise<Plan> {
  requireAdminRole(actor);
  if (change.defaultQuota && usageQuotaRefusal(change.maxPerMonth, change.defaultQuota)) {
    throw new AppError("validation_failed", "Check the highlighted fields.", {
      defaultQuotaLimit: ["The default must be within the plan's maximum."],
    });
  }
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockPlan(tx, planName);
    if (!before) throw notFound("Plan");
    const after = await setPlanUsageQuotaRow(tx, planName, change);
    const changes = {
      plan: { to: planName },
      defaultUsageQuota: { from: asText(planDefaultUsageQuota(before)), to: asText(change.defaultQuota) },
      maxUsageQuotaPerMonth: { from: before.maxUsageQuotaPerMonth, to: change.maxPerMonth },
    };
    await recordAudit(tx, auditEntry(actor, "plan.update", {}, changes));
    return after;
  });
}
