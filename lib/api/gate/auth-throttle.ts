import "server-only";
import { RateLimiterRes } from "rate-limiter-flexible";
import { addressBucket, limiterFor } from "@/lib/infra/rate-limiter";

// Failed authentications one address may make before it is turned away for a while. Counted apart from every key's
// quota, so guessing cannot use up a real customer's limit.
export const FAILED_AUTH_LIMIT = 30;
export const FAILED_AUTH_WINDOW_SECONDS = 5 * 60;

// Addresses known to be over the limit, until when. Checked before any other work so that a blocked guesser costs
// one map lookup, and valid requests never wait on the shared store for this check.
const blockedUntil = new Map<string, number>();

const addressKey = addressBucket;

/** Seconds the address must wait, or 0 when it may try. */
export function authThrottleWait(ip: string | null, now = Date.now()): number {
  const until = blockedUntil.get(addressKey(ip));
  if (until === undefined) return 0;
  if (until <= now) {
    blockedUntil.delete(addressKey(ip));
    return 0;
  }
  return Math.ceil((until - now) / 1000);
}

/** Counts a failed authentication; returns the seconds to wait when this one crossed the limit, else 0. */
export async function recordFailedAuth(ip: string | null): Promise<number> {
  const limiter = limiterFor("auth-failures", FAILED_AUTH_LIMIT, FAILED_AUTH_WINDOW_SECONDS);
  try {
    await limiter.consume(addressKey(ip));
    return 0;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const wait = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    blockedUntil.set(addressKey(ip), Date.now() + wait * 1000);
    return wait;
  }
}

// A throttled address still gets a few database lookups a minute, so that a valid key this instance has not seen yet
// is verified once (and cached) rather than locked out; a guesser gets no more than this.
// Counted where every limit is (Redis, or the workers' primary), so that more workers or instances do not mean more.
export const THROTTLED_LOOKUPS_PER_MINUTE = 10;

export async function allowThrottledLookup(ip: string | null): Promise<boolean> {
  try {
    await limiterFor("throttled-lookups", THROTTLED_LOOKUPS_PER_MINUTE, 60).consume(addressKey(ip));
    return true;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return false;
    throw rejection;
  }
}
