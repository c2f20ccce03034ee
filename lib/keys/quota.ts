import "server-only";
import { RateLimiterRes } from "rate-limiter-flexible";
import { limiterFor } from "@/lib/infra/rate-limiter";
import type { RateLimitWindow } from "./settings";

export const WINDOW_SECONDS: Record<RateLimitWindow, number> = { minute: 60, hour: 3600 };

/** A key's own rate limit, as its settings state it. */
export interface KeyLimit {
  id: string;
  rateLimit: number;
  rateLimitWindow: RateLimitWindow;
}

export interface QuotaState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  windowSeconds: number;
}

function stateOf(result: RateLimiterRes, limit: number, windowSeconds: number, allowed: boolean): QuotaState {
  return {
    allowed,
    limit,
    remaining: Math.max(0, result.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
    windowSeconds,
  };
}

/**
 * Takes `cost` requests (one by default) from the key's quota; a call costing more than what remains is refused whole.
 * Chained rather than awaited: it runs on every call, and each promise costs while the framework tracks async context.
 */
export function consumeKeyQuota({ id, rateLimit, rateLimitWindow }: KeyLimit, cost = 1): Promise<QuotaState> {
  const windowSeconds = WINDOW_SECONDS[rateLimitWindow];
  const limiter = limiterFor("key", rateLimit, windowSeconds);
  return limiter.consume(id, cost).then(
    (result) => stateOf(result, rateLimit, windowSeconds, true),
    async (rejection: unknown) => {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      if (cost > 1) {
        // The limiter counts a refused call's points too: given back, so that one refused expensive call (a gateway
        // rule may cost up to 1,000) does not use up what remained for cheaper ones.
        await limiter.reward(id, cost);
        // remainingPoints is clamped at 0; what the call found is the limit less what was consumed before it.
        const before = Math.max(0, rateLimit - (rejection.consumedPoints - cost));
        const refunded = { remainingPoints: before, msBeforeNext: rejection.msBeforeNext };
        return stateOf(refunded as RateLimiterRes, rateLimit, windowSeconds, false);
      }
      return stateOf(rejection, rateLimit, windowSeconds, false);
    },
  );
}

/** What remains of the key's quota, without using any of it. */
export async function peekKeyQuota({ id, rateLimit, rateLimitWindow }: KeyLimit): Promise<QuotaState> {
  const windowSeconds = WINDOW_SECONDS[rateLimitWindow];
  const result = await limiterFor("key", rateLimit, windowSeconds).get(id);
  if (!result) return { allowed: true, limit: rateLimit, remaining: rateLimit, resetSeconds: windowSeconds, windowSeconds };
  return stateOf(result, rateLimit, windowSeconds, result.remainingPoints > 0);
}
