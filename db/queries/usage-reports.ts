import "server-only";
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Transaction } from "@/db/client";
import { atBoundsOfEventIds, EVENT_ID_SLACK_MS, sqlEventIdTime } from "@/db/event-id-time";
import { usageEvents, usageReports } from "@/db/schema";
import { addToRollups, compare, rollupsOf } from "./usage-rollup-writes";

/** How a platform says a verified call ended. */
export interface CallReport {
  eventId: string;
  status: number;
  latencyMs: number;
}

/**
 * applied: the event now carries the reported status and latency; pending: its event is not written yet (events reach
 * the table within seconds) and the report is applied when it is; duplicate: the call was reported before, or a
 * report of it is already waiting: nothing changed.
 */
export type ReportResult = "applied" | "pending" | "duplicate";

// A report whose event has not appeared in this long never will (an id made up, or of an event never recorded).
const PENDING_FOR = "1 hour";

/**
 * Applies reports to their verification events in one transaction, moving each event's count, latency and outcome
 * from the rollup row of its verification to the row of its reported status; reports of events not written yet are
 * kept until they are (see applyPendingReports).
 */
export async function reportCalls(reports: CallReport[]): Promise<Map<string, ReportResult>> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const results = await applyToEvents(tx, reports);
    // In id order: two batches naming the same waiting events in different orders would otherwise deadlock.
    const unseen = reports.filter((report) => !results.has(report.eventId)).sort((a, b) => compare(a.eventId, b.eventId));
    if (unseen.length > 0) {
      const kept = await tx
        .insert(usageReports)
        .values(unseen)
        .onConflictDoNothing()
        .returning({ eventId: usageReports.eventId });
      const pending = new Set(kept.map((row) => row.eventId));
      for (const { eventId } of unseen) results.set(eventId, pending.has(eventId) ? "pending" : "duplicate");
    }
    return results;
  });
}

// Within how long of its id's time an event's `at` lies (db/event-id-time.ts), as SQL for the join below.
const SLACK = sql.raw(`interval '${EVENT_ID_SLACK_MS} milliseconds'`);

/**
 * Applies waiting reports whose events have been written since (a report and its event may also have been written at
 * the same instant, each transaction blind to the other: this catches those too), and forgets reports that waited too
 * long. Run by every instance's usage timer; SKIP LOCKED lets them share the work. Answers how many were applied.
 */
export async function applyPendingReports(limit = 1_000): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Each report is matched within its own id's day or two (the `at` bounds), which Postgres prunes to per report:
    // without them every lookup probes every day partition's event-id index. A report waits here only for an event
    // written after it, and those all carry UUIDv7 ids.
    const idTime = sqlEventIdTime(usageReports.eventId);
    const waiting = await tx
      .select({ eventId: usageReports.eventId, status: usageReports.status, latencyMs: usageReports.latencyMs })
      .from(usageReports)
      .innerJoin(
        usageEvents,
        and(
          eq(usageEvents.eventId, usageReports.eventId),
          gte(usageEvents.at, sql`${idTime} - ${SLACK}`),
          lt(usageEvents.at, sql`${idTime} + ${SLACK}`),
        ),
      )
      .orderBy(asc(usageReports.eventId))
      .limit(limit)
      .for("update", { of: usageReports, skipLocked: true });
    let applied = 0;
    if (waiting.length > 0) {
      const results = await applyToEvents(tx, waiting);
      applied = [...results.values()].filter((result) => result === "applied").length;
      await tx.delete(usageReports).where(
        inArray(
          usageReports.eventId,
          waiting.map((report) => report.eventId),
        ),
      );
    }
    await tx.delete(usageReports).where(lt(usageReports.receivedAt, sql`now() - ${PENDING_FOR}::interval`));
    return applied;
  });
}

/**
 * The reports whose verification events exist: applied to those not reported yet, duplicates for the others. Events
 * are locked in id order, then their rollup rows in the writer's order, so concurrent reports and flushes queue up
 * rather than deadlock. Only verifications can be reported: the gateway and Latchkey's own API know their statuses.
 */
async function applyToEvents(tx: Transaction, reports: CallReport[]): Promise<Map<string, ReportResult>> {
  const results = new Map<string, ReportResult>();
  // The ids' times bound `at`, so that only the partitions of those days are read (and locked) rather than all of them.
  const bounds = atBoundsOfEventIds(reports.map((report) => report.eventId));
  const events = await tx
    .select({
      id: usageEvents.id,
      eventId: usageEvents.eventId,
      keyId: usageEvents.keyId,
      accountId: usageEvents.accountId,
      at: usageEvents.at,
      method: usageEvents.method,
      route: usageEvents.route,
      status: usageEvents.status,
      latencyMs: usageEvents.latencyMs,
      refused: usageEvents.refused,
      outcome: usageEvents.outcome,
      source: usageEvents.source,
      reportedAt: usageEvents.reportedAt,
    })
    .from(usageEvents)
    .where(
      and(
        inArray(
          usageEvents.eventId,
          reports.map((report) => report.eventId),
        ),
        eq(usageEvents.source, "verify"),
        bounds ? gte(usageEvents.at, bounds.from) : undefined,
        bounds ? lt(usageEvents.at, bounds.to) : undefined,
      ),
    )
    .orderBy(asc(usageEvents.id))
    .for("update");
  const byId = new Map(reports.map((report) => [report.eventId.toLowerCase(), report]));
  const moves: { before: (typeof events)[number]; after: (typeof events)[number] }[] = [];
  for (const event of events) {
    const eventId = event.eventId as string;
    if (event.reportedAt) {
      results.set(eventId, "duplicate");
      continue;
    }
    const report = byId.get(eventId) as CallReport;
    // A refusal stays the refusal it was; a call the key was let through ended well or not by the platform's status.
    const outcome = event.refused ? event.outcome : report.status >= 400 ? "failed" : "ok";
    moves.push({ before: event, after: { ...event, status: report.status, latencyMs: report.latencyMs, outcome } });
    results.set(eventId, "applied");
  }
  if (moves.length === 0) return results;
  const column = <T>(pick: (move: (typeof moves)[number]) => T) => sql.param(moves.map(pick));
  // The events' own times bound the update to their partitions: the primary key is (id, at), and an id alone would be
  // looked for in every day. `at` came back in milliseconds and may have had microseconds: one more keeps the last.
  const times = moves.map((m) => m.before.at.getTime());
  const from = new Date(Math.min(...times)).toISOString();
  const to = new Date(Math.max(...times) + 1).toISOString();
  await tx.execute(sql`
    update ${usageEvents} as e set
      status = r.status, latency_ms = r.latency_ms, outcome = r.outcome, reported_at = now()
    from unnest(
      ${column((m) => String(m.after.id))}::text[]::bigint[], ${column((m) => m.after.status)}::int[]::smallint[],
      ${column((m) => m.after.latencyMs)}::int[], ${column((m) => m.after.outcome)}::text[]
    ) as r(id, status, latency_ms, outcome)
    where e.id = r.id and e.reported_at is null and e.at >= ${from}::timestamptz and e.at < ${to}::timestamptz`);
  const rows = new Map();
  rollupsOf(
    moves.map((m) => m.before),
    -1,
    rows,
  );
  await addToRollups(
    tx,
    rollupsOf(
      moves.map((m) => m.after),
      1,
      rows,
    ),
  );
  return results;
}
