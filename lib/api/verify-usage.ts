import "server-only";
import type { z } from "zod";
import { recordUsage } from "@/lib/usage/recorder";
import { routeName } from "@/lib/usage/route-name";
import type { VerifyCode, verifyResultSchema } from "./response-schemas";

// The status a platform would answer each outcome with, until it reports the real one: charts of the key's usage
// then tell successes, refusals and limits apart as they do for Latchkey's own API.
const NOMINAL_STATUS: Record<VerifyCode, number> = {
  valid: 200,
  malformed: 401,
  unknown: 401,
  revoked: 401,
  disabled: 401,
  expired: 401,
  owner_suspended: 401,
  no_plan: 401,
  ip_not_allowed: 403,
  insufficient_scope: 403,
  rate_limited: 429,
  quota_exceeded: 429,
};

export interface VerifiedCall {
  /** The scopes the platform verified the key for: what its call needed. */
  scopes?: string[];
  method?: string;
  path?: string;
  /** The address the key was presented from, as the platform saw it. */
  ip?: string;
  tags?: string[];
}

/**
 * A verification is usage of the verified key: the platform's call (its method and route), how it ended and how long
 * the check took, recorded for the key's owner like a call to Latchkey's own API. A key that is not known (malformed,
 * unknown) has no owner to show it to and is not recorded; refusals of a known key are, and are not counted. Answers
 * the event's id, or null when nothing was recorded.
 */
export function recordVerification(
  result: Omit<z.infer<typeof verifyResultSchema>, "eventId">,
  call: VerifiedCall,
  latencyMs: number,
): string | null {
  if (!result.keyId || !result.accountId) return null;
  return recordUsage({
    keyId: result.keyId,
    accountId: result.accountId,
    at: new Date(),
    method: call.method ?? "VERIFY",
    route: routeName(call.path ?? "/"),
    status: NOMINAL_STATUS[result.code],
    latencyMs: Math.round(latencyMs),
    ip: call.ip ?? null,
    userAgent: null,
    counted: result.valid,
    outcome: result.valid ? "ok" : result.code,
    neededScopes: result.valid ? call.scopes : undefined,
    source: "verify",
    tags: call.tags,
  });
}
