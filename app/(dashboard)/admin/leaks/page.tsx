import { listLeakReports } from "@/db/queries/leaks";
import { currentLeakPolicy } from "@/lib/leaks/policy";
import { requireAdmin } from "@/lib/http/session";
import { pageCursor, pageCursorSchema } from "@/lib/validations/page-cursor";
import { Card } from "@/components/ui/card";
import { NewestFirstPages } from "@/components/ui/newest-first-pages";
import { LeakPolicyForm, ReportLeakForm } from "@/components/admin/leak-forms";
import { LeakReportLog } from "@/components/admin/leak-report-log";
import { reportLeakAction, setLeakPolicyAction } from "./actions";

export const metadata = { title: "Leak reports" };

const PAGE_SIZE = 50;

export default async function LeaksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin();
  const before = pageCursorSchema.safeParse((await searchParams).before);
  const [{ reports, hasMore }, policy] = await Promise.all([
    listLeakReports({ before: before.success ? before.data : undefined, limit: PAGE_SIZE }),
    currentLeakPolicy(),
  ]);
  const last = reports.at(-1);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Leak reports</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600">
          Keys found in public, reported by GitHub's secret scanning, another scanner or an admin. A live key of ours is revoked
          or rolled by the policy below, and its owner is told on every channel. Times are UTC.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card
          title="Policy"
          description={policy.saved ? "Chosen by an admin." : "The server's default (LEAK_POLICY); saving makes it yours."}
        >
          <LeakPolicyForm policy={policy} save={setLeakPolicyAction} />
        </Card>
        <Card title="Report a leaked key" description="Handled like a scanner's report, with you as the one who acted.">
          <ReportLeakForm report={reportLeakAction} />
        </Card>
      </div>
      <Card title="Log">
        <LeakReportLog reports={reports} />
        <NewestFirstPages
          path="/admin/leaks"
          paged={before.success}
          olderHref={hasMore && last ? `/admin/leaks?before=${pageCursor(last.receivedAt, last.id)}` : undefined}
        />
      </Card>
    </div>
  );
}
