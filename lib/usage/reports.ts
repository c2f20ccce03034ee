import "server-only";
import { reportCalls, type CallReport, type ReportResult } from "@/db/queries/usage-reports";
import { awaitReportedEvents } from "./recorder";

/**
 * A platform's reports of how the calls it verified ended (final status, latency), by event id: one result per report,
 * in the order sent. The body limit (128 KiB) and MAX_REPORTS bound a batch.
 */
export async function reportVerifiedCalls(reports: CallReport[]): Promise<{ eventId: string; result: ReportResult }[]> {
  const results = await reportCalls(reports);
  if ([...results.values()].includes("pending")) awaitReportedEvents();
  return reports.map(({ eventId }) => ({ eventId, result: results.get(eventId) ?? "pending" }));
}
