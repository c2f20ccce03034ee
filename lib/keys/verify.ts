import "server-only";
import { findKeyBySecretHash, type KeyForVerification } from "@/db/queries/keys";
import { env } from "@/lib/infra/env";
import { parseKey } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";
import {
  cachedKeyRecord,
  cachedKeyRecordNow,
  countHit,
  peekKeyRecord,
  rememberRefusedHash,
  wasRecentlyRefused,
} from "@/lib/keys/cache";

export type VerificationFailure = "malformed" | "unknown" | "revoked" | "disabled" | "expired" | "owner_suspended" | "no_plan";

export type VerificationResult =
  | { valid: true; record: KeyForVerification }
  | { valid: false; reason: VerificationFailure; keyId?: string; record?: KeyForVerification };

/**
 * Decides whether a presented key may be used right now. Shape and checksum are checked before any database
 * work, so garbage costs nothing; records come from the in-process cache, which every change evicts. Times are
 * checked here, not only in the query, because a cached record outlives the moment it was read.
 */
export async function verifyKey(
  candidate: string,
  now = new Date(),
  { cacheOnly = false }: { cacheOnly?: boolean } = {},
): Promise<VerificationResult> {
  if (!parseKey(candidate, env().KEY_PREFIX)) return { valid: false, reason: "malformed" };
  const hash = hashKey(candidate);
  // cacheOnly: answer without touching the database (a throttled address gets no lookups).
  const record = cacheOnly ? peekKeyRecord(hash) : await cachedKeyRecord(hash, findKeyBySecretHash);
  const result = record ? judge(record, now) : ({ valid: false, reason: "unknown" } as const);
  if (!result.valid && !cacheOnly) rememberRefusedHash(hash, record?.key.id ?? null);
  return result;
}

/**
 * The same decision for a key whose record is cached and valid, answered at once (no promise: with the framework's
 * async context tracking on, each one costs); undefined for anything else, which verifyKey then decides.
 */
export function verifyCachedKey(candidate: string, now = new Date()): Extract<VerificationResult, { valid: true }> | undefined {
  if (!parseKey(candidate, env().KEY_PREFIX)) return undefined;
  const record = cachedKeyRecordNow(hashKey(candidate));
  const result = record && judge(record, now);
  if (!result?.valid) return undefined;
  countHit();
  return result;
}

/** Whether a presented key's hash was found unusable within the last minute (no database work). */
export function recentlyRefused(candidate: string): boolean {
  return wasRecentlyRefused(hashKey(candidate));
}

function judge(record: KeyForVerification, now: Date): VerificationResult {
  // A rolled-out secret past its grace is as dead as a revoked key, and reported the same way.
  if (record.key.revokedAt || (record.secretExpiresAt && record.secretExpiresAt <= now)) {
    return { valid: false, reason: "revoked", keyId: record.key.id, record };
  }
  if (record.key.disabledAt) return { valid: false, reason: "disabled", keyId: record.key.id, record };
  if (record.key.expiresAt && record.key.expiresAt <= now)
    return { valid: false, reason: "expired", keyId: record.key.id, record };
  if (record.accountStatus !== "active") return { valid: false, reason: "owner_suspended", keyId: record.key.id, record };
  // Admins' own keys do not depend on a plan; a client moved to "none" loses API access at once.
  if (record.accountPlan === "none" && record.platformRole !== "admin")
    return { valid: false, reason: "no_plan", keyId: record.key.id, record };
  return { valid: true, record };
}
