import { requireAdmin } from "@/lib/auth/session";
import { adminUsage } from "@/db/queries/admin-usage";
import { Card } from "@/components/ui/card";
import { UsageSummary } from "@/components/admin/usage-summary";

export const metadata = { title: "Admin overview" };

const DAYS = 30;

export default async function AdminOverviewPage() {
  const admin = await requireAdmin();
  const usage = await adminUsage(admin, DAYS);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Platform overview</h1>
        <p className="mt-1 text-sm text-zinc-600">Every client&apos;s API traffic over the last {DAYS} days.</p>
      </div>
      <Card>
        <UsageSummary usage={usage} days={DAYS} />
      </Card>
    </div>
  );
}
