import "server-only";
import type { z } from "zod";
import type { KeyForVerification } from "@/db/queries/keys";
import { authorizeKey } from "@/lib/keys/authorize";
import type { QuotaState } from "@/lib/keys/quota";
import { consumeUsageQuota, peekUsageQuota } from "@/lib/keys/usage-quota";
import { verifyKey } from "@/lib/keys/verify";
import { usageQuotaBody } from "./usage-quota-body";
import type { VerifyCode, verifyResultSchema } from "./response-schemas";

// The event id is added once the verification is recorded (see verify-usage.ts).
type VerifyResult = Omit<z.infer<typeof verifyResultSchema>, "eventId">;

const NO_QUOTA: VerifyResult["rateLimit"] = { limit: null, remaining: null, reset: null };

/**
 * The answer to POST /verify: whether `candidate` may be used now with `requiredScopes`, and why not, decided by the
 * same two halves as the gate (verification, then authorization). The presented key itself is never part of it.
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
  const authorization = await authorizeKey(record.key, { ip: presentedFrom, scopes: requiredScopes });
  const rateLimit = quotaOf(authorization.quota);
  if (record.key.usageQuota === null) {
    return { ...outcome(record, authorization.allowed ? "valid" : authorization.code), rateLimit };
  }
  // As in the gate: the usage quota comes last and only a verification that would be valid counts against it; a
  // refusal before it reports what remains without using any.
  if (!authorization.allowed) {
    const allowance = await peekUsageQuota(record.key);
    return { ...outcome(record, authorization.code), rateLimit, quota: allowance && usageQuotaBody(allowance) };
  }
  const allowance = await consumeUsageQuota(record.key);
  const code = allowance?.allowed === false ? "quota_exceeded" : "valid";
  return { ...outcome(record, code), rateLimit, quota: allowance && usageQuotaBody(allowance) };
}

function outcome(record: KeyForVerification | undefined, code: VerifyCode): VerifyResult {
  return {
    valid: code === "valid",
    code,
    keyId: record?.key.id ?? null,
    accountId: record?.key.accountId ?? null,
    ownerId: record?.key.accountId ?? null,
    scopes: record?.key.scopes ?? [],
    expiresAt: record?.key.expiresAt?.toISOString() ?? null,
    secretEndsAt: record?.secretExpiresAt?.toISOString() ?? null,
    metadata: record?.key.metadata ?? null,
    rateLimit: NO_QUOTA,
    quota: null,
  };
}

function quotaOf(quota: QuotaState) {
  return { limit: quota.limit, remaining: quota.remaining, reset: quota.resetSeconds };
}
