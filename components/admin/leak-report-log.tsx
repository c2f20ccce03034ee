import Link from "next/link";
import type { LeakReportRow } from "@/db/schema";
import { LEAK_OUTCOME_WORDS } from "./leak-outcomes";
import { When } from "@/components/ui/when";

const VIA: Record<LeakReportRow["via"], string> = {
  github: "GitHub",
  scanner: "Scanner (token)",
  admin: "Admin",
};

/** The leak report log, newest first: when, who reported, where it was found, the token's type and the outcome. */
export function LeakReportLog({ reports }: { reports: LeakReportRow[] }) {
  if (reports.length === 0) return <p className="text-sm text-zinc-600">No leak reports yet.</p>;
  return (
    <ul aria-label="Leak reports" className="-my-2 divide-y divide-zinc-100">
      {reports.map((report) => {
        const outcome = LEAK_OUTCOME_WORDS[report.outcome];
        return (
          <li key={report.id} className="py-3">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <p className="min-w-0 flex-1 text-sm break-all text-zinc-900">{report.url}</p>
              <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ${outcome.tone}`}>{outcome.short}</span>
            </div>
            <p className="mt-0.5 text-xs break-words text-zinc-500">
              <When date={report.receivedAt} show="datetime" /> · {VIA[report.via]} · {report.tokenType}
              {report.foundIn && <> · found in {report.foundIn}</>} ·{" "}
              {report.keyId && report.accountId ? (
                <Link
                  href={`/admin/clients/${report.accountId}/keys/${report.keyId}`}
                  className="font-mono underline underline-offset-2 hover:text-zinc-900"
                >
                  key {report.keyId.slice(0, 8)}
                </Link>
              ) : (
                "unknown key"
              )}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
