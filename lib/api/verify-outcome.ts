import "server-only";
import type { z } from "zod";
import type { KeyForVerification } from "@/db/queries/keys";
import type { verifyResultSchema, VerifyCode } from "./response-schemas";
import { verifyKey } from "@/lib/keys/verify";
import { ipAllowed } from "@/lib/http/client-ip";
import { verifiedKeyRateLimit } from "./verified-key-rate-limit";

type VerifyResult = z.infer<typeof verifyResultSchema>;

const NO_QUOTA = { limit: null, remaining: null, reset: null };

/**
 * The answer to POST /verify: whether `candidate` may be used now with `requiredScopes`, and why not. The presented
 * key itself is never part of it.
 */
export async function verifyOutcome(
  candidate: string,
  requiredScopes: string[] = [],
  presentedFrom?: string,
): Promise<VerifyResult> {
  const verification = await verifyKey(candidate);
  if (!verification.valid) {
    const known = verification.reason === "malformed" || verification.reason === "unknown" ? undefined : verification.record;
    return { ...outcome(known, verification.reason), scopes: [] };
  }
  const { record } = verification;
  if (presentedFrom !== undefined && !ipAllowed(record.key.ipAllowlist, presentedFrom)) {
    const quota = await verifiedKeyRateLimit(record, { consume: false });
    return { ...outcome(record, "ip_not_allowed"), rateLimit: quotaOf(quota) };
  }
  const granted = new Set(record.key.scopes);
  if (!requiredScopes.every((scope) => granted.has(scope))) {
    const quota = await verifiedKeyRateLimit(record, { consume: false });
    return { ...outcome(record, "insufficient_scope"), rateLimit: quotaOf(quota) };
  }
  const quota = await verifiedKeyRateLimit(record, { consume: true });
  return { ...outcome(record, quota.allowed ? "valid" : "rate_limited"), rateLimit: quotaOf(quota) };
}

function outcome(record: KeyForVerification | undefined, code: VerifyCode): VerifyResult {
  return {
    valid: code === "valid",
    code,
    keyId: record?.key.id ?? null,
    ownerId: record?.key.ownerId ?? null,
    scopes: record?.key.scopes ?? [],
    expiresAt: record?.key.expiresAt?.toISOString() ?? null,
    rateLimit: NO_QUOTA,
  };
}

function quotaOf(quota: { limit: number; remaining: number; resetSeconds: number }) {
  return { limit: quota.limit, remaining: quota.remaining, reset: quota.resetSeconds };
}
