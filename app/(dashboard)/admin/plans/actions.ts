"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/http/server-action";
import { setPlanUsageQuotas } from "@/lib/accounts/plan-quotas";
import { planUsageQuotaSchema } from "@/lib/validations/admin";

export const setPlanUsageQuotasAction = authedAction(
  planUsageQuotaSchema,
  async ({ plan, ...change }, { actor }) => {
    await setPlanUsageQuotas(actor, plan, change);
    revalidatePath("/admin/plans");
    return { ok: true };
  },
  { role: "admin" },
);
