import "server-only";
import { findKeyBySecretHash, type KeyForVerification } from "@/db/queries/keys";
import { env } from "@/lib/env";
import { parseKey } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";

export type VerificationResult =
  | { valid: true; record: KeyForVerification }
  | { valid: false; reason: "malformed" | "unknown" | "revoked" | "expired" | "owner_suspended"; keyId?: string };

/**
 * Decides whether a presented key may be used right now. Shape and checksum are checked before any database
 * work, so garbage costs nothing. Rolled-out secrets past their grace never match (the query excludes them).
 */
export async function verifyKey(candidate: string, now = new Date()): Promise<VerificationResult> {
  if (!parseKey(candidate, env().KEY_PREFIX)) return { valid: false, reason: "malformed" };
  const record = await findKeyBySecretHash(hashKey(candidate));
  if (!record) return { valid: false, reason: "unknown" };
  const keyId = record.key.id;
  if (record.key.revokedAt) return { valid: false, reason: "revoked", keyId };
  if (record.key.expiresAt && record.key.expiresAt <= now) return { valid: false, reason: "expired", keyId };
  if (record.ownerStatus !== "active") return { valid: false, reason: "owner_suspended", keyId };
  return { valid: true, record };
}
