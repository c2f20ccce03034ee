// The shapes of Latchkey's verify and report API (README, "API"), written out by hand so that the package needs no
// runtime dependency. The server's zod schemas (lib/api/response-schemas.ts) are the source of truth; the guards
// below check only what this package reads, so that a field added to the server's answer breaks nothing here.

export const VERIFY_CODES = [
  "valid",
  "malformed",
  "unknown",
  "revoked",
  "disabled",
  "expired",
  "owner_suspended",
  "no_plan",
  "ip_not_allowed",
  "insufficient_scope",
  "rate_limited",
  "quota_exceeded",
] as const;
export type VerifyCode = (typeof VERIFY_CODES)[number];

/** The methods Latchkey records a verified call under; any other is sent as no method. */
export const VERIFIED_CALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type VerifiedCallMethod = (typeof VERIFIED_CALL_METHODS)[number];

export interface VerifyInput {
  /** The key a client presented to you. */
  key: string;
  /** Scopes the key must hold; without one of them the answer is insufficient_scope. */
  scopes?: readonly string[];
  /** The address the key was presented from; checked against the key's IP allowlist. Left out, a key with an allowlist is refused. */
  ip?: string;
  /** The call the key was presented for, recorded in the key owner's usage. */
  method?: VerifiedCallMethod;
  path?: string;
  /** Up to 10 short labels recorded with the call ("region=eu"). */
  tags?: readonly string[];
}

export interface RateLimitState {
  limit: number | null;
  remaining: number | null;
  /** Seconds until the window resets. */
  reset: number | null;
}

/** The verified key's usage quota (an allowance per UTC day, month or in total), after this verification. */
export interface UsageQuotaState {
  limit: number;
  period: "day" | "month" | "total";
  used: number;
  remaining: number;
  /** Seconds until the quota refills; null for a total, which never does. */
  reset: number | null;
}

export interface VerifyResult {
  valid: boolean;
  code: VerifyCode;
  keyId: string | null;
  accountId: string | null;
  scopes: string[];
  expiresAt: string | null;
  /**
   * When the secret presented stops working, if it is being retired (an old secret in its grace after a roll, or a
   * leaked one): it verifies as before until then, but its holder should switch to the key's current secret. Null for
   * a current secret; undefined from servers before this field.
   */
  secretEndsAt?: string | null;
  /** The key owner's metadata about the key (a JSON object); null for an unknown key; undefined from servers before it. */
  metadata?: Record<string, unknown> | null;
  rateLimit: RateLimitState;
  /** The verified key's usage quota; null for a key without one (and undefined from servers before quotas). */
  quota?: UsageQuotaState | null;
  /** The usage event recorded for this verification, to report the call's outcome against; null when none was. */
  eventId: string | null;
}

/** A valid verification: who the caller is. */
export type VerifiedKey = VerifyResult & { valid: true; code: "valid"; keyId: string; accountId: string };

export interface ReportInput {
  eventId: string;
  /** The HTTP status your service answered the call with, 100 to 599. */
  status: number;
  /** How long your service took to answer it, in milliseconds. */
  latencyMs: number;
}

export type ReportResult = "applied" | "pending" | "duplicate";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isNullableString = (value: unknown) => value === null || typeof value === "string";
const isNullableNumber = (value: unknown) => value === null || typeof value === "number";

export function isVerifyResult(value: unknown): value is VerifyResult {
  if (!isObject(value) || !isObject(value.rateLimit)) return false;
  const { rateLimit } = value;
  return (
    typeof value.valid === "boolean" &&
    (VERIFY_CODES as readonly unknown[]).includes(value.code) &&
    value.valid === (value.code === "valid") &&
    isNullableString(value.keyId) &&
    isNullableString(value.accountId) &&
    Array.isArray(value.scopes) &&
    value.scopes.every((scope) => typeof scope === "string") &&
    isNullableString(value.expiresAt) &&
    (value.secretEndsAt === undefined || isNullableString(value.secretEndsAt)) &&
    isNullableNumber(rateLimit.limit) &&
    isNullableNumber(rateLimit.remaining) &&
    isNullableNumber(rateLimit.reset) &&
    // Servers from before reports answer no eventId: read as "none recorded".
    (value.eventId === undefined || isNullableString(value.eventId))
  );
}

export function isReportAnswer(value: unknown): value is { results: { eventId: string; result: ReportResult }[] } {
  return (
    isObject(value) &&
    Array.isArray(value.results) &&
    value.results.every(
      (entry) =>
        isObject(entry) &&
        typeof entry.eventId === "string" &&
        (entry.result === "applied" || entry.result === "pending" || entry.result === "duplicate"),
    )
  );
}

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  return (
    isObject(value) && isObject(value.error) && typeof value.error.code === "string" && typeof value.error.message === "string"
  );
}
