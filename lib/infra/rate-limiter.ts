import "server-only";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { redisClient } from "@/lib/infra/redis";
import type { RateLimitWindow } from "@/lib/keys/settings";

export const WINDOW_SECONDS: Record<RateLimitWindow, number> = { minute: 60, hour: 3600 };

export interface QuotaState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  windowSeconds: number;
}

const limiters = new Map<string, RateLimiterAbstract>();

/**
 * One limiter per (limit, window, purpose). With Redis every instance counts in the same place, so a limit of 10
 * means 10 across all of them; Redis being unreachable falls back to counting in this process (the insurance
 * limiter) rather than refusing every request.
 */
export function limiterFor(purpose: string, points: number, durationSeconds: number): RateLimiterAbstract {
  const id = `${purpose}:${points}:${durationSeconds}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    const options = { points, duration: durationSeconds, keyPrefix: `latchkey:${id}` };
    const redis = redisClient();
    limiter = redis
      ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) })
      : new RateLimiterMemory(options);
    limiters.set(id, limiter);
  }
  return limiter;
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

/** Takes one request from the key's quota. */
export async function consumeKeyQuota(keyId: string, limit: number, window: RateLimitWindow): Promise<QuotaState> {
  const windowSeconds = WINDOW_SECONDS[window];
  try {
    const result = await limiterFor("key", limit, windowSeconds).consume(keyId);
    return stateOf(result, limit, windowSeconds, true);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return stateOf(rejection, limit, windowSeconds, false);
    throw rejection;
  }
}

/** What remains of the key's quota, without using any of it. */
export async function peekKeyQuota(keyId: string, limit: number, window: RateLimitWindow): Promise<QuotaState> {
  const windowSeconds = WINDOW_SECONDS[window];
  const result = await limiterFor("key", limit, windowSeconds).get(keyId);
  if (!result) return { allowed: true, limit, remaining: limit, resetSeconds: windowSeconds, windowSeconds };
  return stateOf(result, limit, windowSeconds, result.remainingPoints > 0);
}

/** IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers) describing a key's quota. */
export function rateLimitHeaders(state: QuotaState): Record<string, string> {
  return {
    "RateLimit-Policy": `"key";q=${state.limit};w=${state.windowSeconds}`,
    RateLimit: `"key";r=${state.remaining};t=${state.resetSeconds}`,
  };
}
