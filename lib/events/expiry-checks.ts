import "server-only";
import { getDb } from "@/db";
import { type ExpiryFinding, gracesEndingBetween, keysExpiringBetween } from "@/db/queries/event-findings";
import type { EventType } from "./catalogue";
import { recordEvents } from "./record";

// The periodic check of what is about to stop working: keys expiring within 7 days and within 1 day, keys that
// expired, old secrets whose grace period ends within a day. Run every minute by the job queue (lib/ops/jobs.ts) on
// one instance at a time; each finding is recorded once however often it is found again (its dedupe key), so a check
// run twice, or by two instances, changes nothing.

const DAY = 24 * 60 * 60 * 1000;
// Findings recorded per kind and run; a backlog (the first run over many keys) is worked off run by run.
const BATCH = 500;
// A key that expired longer ago than this when the check first sees it (the first run after an upgrade) is not news.
const EXPIRED_NEWS_WITHIN = DAY;

interface Check {
  type: EventType;
  find: (now: Date) => Promise<ExpiryFinding[]>;
  data: (finding: ExpiryFinding) => Record<string, unknown>;
}

function keyData(finding: ExpiryFinding) {
  return { id: finding.keyId, name: finding.name, start: finding.start, environment: finding.environment };
}

function checks(executor: Awaited<ReturnType<typeof getDb>>): Check[] {
  const expiring = (days: 1 | 7, after: number, until: number): Check => ({
    type: "key.expiring",
    find: (now) =>
      keysExpiringBetween(executor, {
        after: new Date(now.getTime() + after),
        until: new Date(now.getTime() + until),
        prefix: `key.expiring.${days}d`,
        limit: BATCH,
      }),
    data: (finding) => ({ key: { ...keyData(finding), expiresAt: finding.endsAt.toISOString() }, within: `${days}d` }),
  });
  return [
    // Only the nearer warning for a key that is already within a day (made that way, or the checks were down).
    expiring(7, DAY, 7 * DAY),
    expiring(1, 0, DAY),
    {
      type: "key.expired",
      find: (now) =>
        keysExpiringBetween(executor, {
          after: new Date(now.getTime() - EXPIRED_NEWS_WITHIN),
          until: now,
          prefix: "key.expired",
          limit: BATCH,
        }),
      data: (finding) => ({ key: { ...keyData(finding), expiresAt: finding.endsAt.toISOString() } }),
    },
    {
      type: "key.grace_ending",
      find: (now) =>
        gracesEndingBetween(executor, {
          after: now,
          until: new Date(now.getTime() + DAY),
          prefix: "key.grace_ending",
          limit: BATCH,
        }),
      data: (finding) => ({
        key: keyData(finding),
        oldSecret: { start: finding.secretStart, endsAt: finding.endsAt.toISOString() },
      }),
    },
  ];
}

/** Records what is newly about to stop working (or has); answers how many events each type gained. */
export async function checkExpiries(now = new Date()): Promise<Partial<Record<EventType, number>>> {
  const db = await getDb();
  const recorded: Partial<Record<EventType, number>> = {};
  for (const check of checks(db)) {
    const findings = await check.find(now);
    // One statement for what a check found, and one NOTIFY.
    const written = await recordEvents(
      db,
      findings.map((finding) => ({
        accountId: finding.accountId,
        keyId: finding.keyId,
        type: check.type,
        data: check.data(finding),
        dedupeKey: finding.dedupeKey,
        occurredAt: now,
      })),
    );
    if (written > 0) recorded[check.type] = (recorded[check.type] ?? 0) + written;
  }
  return recorded;
}
