import "server-only";
import type { KeyForVerification } from "@/db/queries/keys";
import { presentedStart } from "@/lib/keys/format";
import { recentlyRefused, verifyCachedKey, verifyKey } from "@/lib/keys/verify";
import { allowThrottledLookup, authThrottleWait, recordFailedAuth } from "./auth-throttle";
import { type KeyHeaderResult, readKeyFromHeaders } from "./read-key";

export type Authentication =
  | { ok: true; record: KeyForVerification }
  | {
      ok: false;
      code: "missing_key" | "conflicting_keys" | "invalid_key" | "auth_throttled";
      /** For auth_throttled: seconds until the address may try again. */
      retryAfter?: number;
      /** A known key that was refused (revoked, expired…): its owner sees the refusal in their usage. */
      record?: KeyForVerification;
      /** The visible start of the key presented, when it was shaped like one: the most of it the log may keep. */
      keyStart?: string;
    };

/**
 * The first half of the gate: which key is this, and may it be used at all? In order: read the key from the
 * headers, hold back an address throttled for failed attempts, then verify the key (shape and checksum, then the
 * cache or the database). Every failure counts against the caller's address.
 */
export function authenticate(headers: Headers, ip: string | null): Authentication | Promise<Authentication> {
  const presented = readKeyFromHeaders(headers);
  if (presented.kind === "missing") return { ok: false, code: "missing_key" };
  if (presented.kind === "conflict") return { ok: false, code: "conflicting_keys" };
  const throttledFor = authThrottleWait(ip);
  // The common case, a cached valid key from an address in good standing, is answered at once (no promise).
  if (presented.kind === "key" && throttledFor === 0) {
    const cached = verifyCachedKey(presented.key);
    if (cached) return { ok: true, record: cached.record };
  }
  return authenticateFully(presented, ip, throttledFor);
}

async function authenticateFully(
  presented: Exclude<KeyHeaderResult, { kind: "missing" | "conflict" }>,
  ip: string | null,
  throttledFor: number,
): Promise<Authentication> {
  // An address throttled for failed attempts is answered from the cache first, then gets only a few database lookups
  // a minute: a customer's working keys keep working beside a stale one, while guesses are turned away before they
  // cost anything.
  let verification = presented.kind === "key" ? await verifyKey(presented.key, undefined, { cacheOnly: throttledFor > 0 }) : null;
  if (
    throttledFor > 0 &&
    presented.kind === "key" &&
    !verification?.valid &&
    !recentlyRefused(presented.key) &&
    (await allowThrottledLookup(ip))
  ) {
    verification = await verifyKey(presented.key);
  }
  if (verification?.valid) return { ok: true, record: verification.record };
  const keyStart = (presented.kind === "key" && presentedStart(presented.key)) || undefined;
  if (throttledFor > 0) return { ok: false, code: "auth_throttled", retryAfter: throttledFor, keyStart };

  const blockedFor = await recordFailedAuth(ip);
  const record = verification?.record;
  if (blockedFor > 0) return { ok: false, code: "auth_throttled", retryAfter: blockedFor, record, keyStart };
  return { ok: false, code: "invalid_key", record, keyStart };
}
