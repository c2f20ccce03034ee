import "server-only";
import { and, eq, gt, isNull, lte, notExists, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { apiKeySecrets, apiKeys, events } from "@/db/schema";

// What the periodic checks look for (lib/events/expiry-checks.ts): each read leaves out what already has its event,
// by the event's dedupe key, so that a check finds only what is new.

export interface ExpiryFinding {
  keyId: string;
  accountId: string;
  name: string;
  start: string;
  environment: "live" | "test";
  /** When the key (or, for a grace ending, the old secret) stops working. */
  endsAt: Date;
  /** The event's dedupe key, made by the database from the same parts the read compares. */
  dedupeKey: string;
  /** For a grace ending: the visible start of the old secret. */
  secretStart?: string;
}

const keyColumns = {
  keyId: apiKeys.id,
  accountId: apiKeys.accountId,
  name: apiKeys.name,
  start: apiKeys.start,
  environment: apiKeys.environment,
};

const notYetRecorded = (dedupeKey: ReturnType<typeof sql<string>>) =>
  notExists(sql`(select 1 from ${events} where ${events.dedupeKey} = ${dedupeKey})`);

/**
 * Live keys whose expiry falls in (`after`, `until`]: `prefix` names the finding in the dedupe key, which also holds
 * the expiry itself, so that a key given a new expiry is found again for it.
 */
export async function keysExpiringBetween(
  executor: Executor,
  { after, until, prefix, limit }: { after: Date; until: Date; prefix: string; limit: number },
): Promise<ExpiryFinding[]> {
  const dedupeKey = sql<string>`${prefix}::text || ':' || ${apiKeys.id}::text || ':' || to_char(${apiKeys.expiresAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return executor
    .select({ ...keyColumns, endsAt: sql<Date>`${apiKeys.expiresAt}`.mapWith(apiKeys.expiresAt), dedupeKey })
    .from(apiKeys)
    .where(and(isNull(apiKeys.revokedAt), gt(apiKeys.expiresAt, after), lte(apiKeys.expiresAt, until), notYetRecorded(dedupeKey)))
    .limit(limit);
}

/** Old secrets of live keys (rolled with a grace period) whose grace ends in (`after`, `until`]. */
export async function gracesEndingBetween(
  executor: Executor,
  { after, until, prefix, limit }: { after: Date; until: Date; prefix: string; limit: number },
): Promise<ExpiryFinding[]> {
  const dedupeKey = sql<string>`${prefix}::text || ':' || ${apiKeySecrets.id}::text`;
  return executor
    .select({
      ...keyColumns,
      secretStart: apiKeySecrets.start,
      endsAt: sql<Date>`${apiKeySecrets.expiresAt}`.mapWith(apiKeySecrets.expiresAt),
      dedupeKey,
    })
    .from(apiKeySecrets)
    .innerJoin(apiKeys, eq(apiKeys.id, apiKeySecrets.keyId))
    .where(
      and(
        isNull(apiKeys.revokedAt),
        gt(apiKeySecrets.expiresAt, after),
        lte(apiKeySecrets.expiresAt, until),
        notYetRecorded(dedupeKey),
      ),
    )
    .limit(limit);
}
