import "server-only";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { redisClient } from "./redis";

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
