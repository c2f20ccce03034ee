import Link from "next/link";
import { requireAdmin } from "@/lib/http/session";
import { listPlans } from "@/db/queries/plans";
import { formatCount, formatRateLimit, formatUsageQuota } from "@/lib/format";
import { Card } from "@/components/ui/card";
import { PlanQuotaForm } from "@/components/admin/plan-quota-form";
import { setPlanUsageQuotasAction } from "./actions";

export const metadata = { title: "Plans" };

export default async function PlansPage() {
  await requireAdmin();
  const plans = await listPlans();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Plans</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600">
          What each plan allows. A plan&apos;s usage quota default is given to new keys whose maker chooses none; its maximum (per
          month: a daily quota counts 31 days, a total as it is) bounds every key&apos;s quota, and with a maximum every key needs
          one. Changes apply to keys made or edited from now on. The key settings each plan&apos;s clients start from are its{" "}
          <Link href="/admin/templates" className="underline">
            key templates
          </Link>
          .
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        {plans.map((plan) => (
          <Card key={plan.name} title={plan.name}>
            <p className="text-sm text-zinc-600">{plan.description}</p>
            <dl className="mt-3 grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
              <dt className="text-zinc-500">Active keys</dt>
              <dd>{formatCount(plan.maxActiveKeys)}</dd>
              <dt className="text-zinc-500">Rate limit per key</dt>
              <dd>{plan.maxRequestsPerMinute > 0 ? formatRateLimit(plan.maxRequestsPerMinute, "minute") : "—"}</dd>
              <dt className="text-zinc-500">Default usage quota</dt>
              <dd>{formatUsageQuota(plan.defaultUsageQuota, plan.defaultUsageQuotaPeriod)}</dd>
              <dt className="text-zinc-500">Maximum per month</dt>
              <dd>{plan.maxUsageQuotaPerMonth === null ? "None" : formatCount(plan.maxUsageQuotaPerMonth)}</dd>
            </dl>
            <div className="mt-4 border-t border-zinc-100 pt-4">
              <PlanQuotaForm
                plan={plan.name}
                defaults={{
                  defaultQuotaLimit: plan.defaultUsageQuota,
                  defaultQuotaPeriod: plan.defaultUsageQuotaPeriod,
                  maxQuotaPerMonth: plan.maxUsageQuotaPerMonth,
                }}
                save={setPlanUsageQuotasAction}
              />
            </div>
          </Card>
        ))}
      </div>
    </div>
  );
}
