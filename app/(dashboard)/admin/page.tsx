import Link from "next/link";
import { requireAdmin } from "@/lib/http/session";
import { adminRankings, adminUsage } from "@/lib/accounts/admin-views";
import { usageRangeSchema } from "@/lib/usage/range";
import { usageRecorderStats } from "@/lib/usage/recorder";
import { Card } from "@/components/ui/card";
import { UsagePanel } from "@/components/usage/usage-panel";
import { RankedList } from "@/components/admin/ranked-list";

export const metadata = { title: "Admin overview" };

export default async function AdminOverviewPage({ searchParams }: { searchParams: Promise<{ days?: string }> }) {
  const admin = await requireAdmin();
  const days = usageRangeSchema.parse((await searchParams).days);
  const [overview, { topAccounts, topKeys }] = await Promise.all([adminUsage(admin, days), adminRankings(admin, days)]);
  const { dropped } = usageRecorderStats();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Platform overview</h1>
        <p className="mt-1 text-sm text-zinc-600">Every client&apos;s API traffic, errors and busiest clients and keys.</p>
      </div>
      {dropped > 0 && (
        <div role="alert" className="rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200 ring-inset">
          This instance has dropped {dropped.toLocaleString("en-US")} usage events since it started because the database could not
          take them in time. Requests were served; their usage rows are missing.
        </div>
      )}
      <Card title="Requests">
        <UsagePanel
          overview={overview}
          days={days}
          rangeHrefs={{ 7: "/admin?days=7", 30: "/admin?days=30", 90: "/admin?days=90" }}
        />
      </Card>
      {/* grid-cols-1 is minmax(0, 1fr): a long client email is truncated instead of widening the page on a phone. */}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card title="Top clients">
          <RankedList
            empty="No traffic in this range."
            rows={topAccounts.map((owner) => ({
              id: owner.accountId,
              label: (
                <Link href={`/admin/clients/${owner.accountId}`} className="font-medium hover:text-brand-600 hover:underline">
                  {owner.name} {owner.email && <span className="font-normal text-zinc-500">{owner.email}</span>}
                </Link>
              ),
              value: owner.requests,
            }))}
          />
        </Card>
        <Card title="Top keys">
          <RankedList
            empty="No traffic in this range."
            rows={topKeys.map((key) => ({
              id: key.keyId,
              label: (
                <Link
                  href={`/admin/clients/${key.accountId}/keys/${key.keyId}`}
                  className="font-medium hover:text-brand-600 hover:underline"
                >
                  {key.name}
                </Link>
              ),
              value: key.requests,
            }))}
          />
        </Card>
      </div>
    </div>
  );
}
