import "server-only";
import ipaddr from "ipaddr.js";
import { RateLimiterCluster, RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { redisClient } from "./redis";
import { isLatchkeyWorker } from "./cluster-worker";

const limiters = new Map<string, RateLimiterAbstract>();

// How long a worker waits for its primary's count before the call fails (answered 500, logged): the primary does
// nothing but count and supervise, so only a stalled machine gets here (a primary that is gone is noticed first).
const CLUSTER_TIMEOUT_MS = 2_000;

/**
 * One limiter per (limit, window, purpose). With Redis every instance counts in the same place, so a limit of 10
 * means 10 across all of them; Redis being unreachable falls back to counting in this process (the insurance
 * limiter) rather than refusing every request. Without Redis, the workers of one instance (WEB_CONCURRENCY) count in
 * their primary (lib/ops/workers.mjs), so a limit is exact across them; separate instances then count apart.
 */
export function limiterFor(purpose: string, points: number, durationSeconds: number): RateLimiterAbstract {
  const id = `${purpose}:${points}:${durationSeconds}`;
  let limiter = limiters.get(id);
  // A worker whose primary is gone (it is stopping, finishing its last requests) counts on its own from then on.
  if (limiter instanceof RateLimiterCluster && !isLatchkeyWorker()) limiter = undefined;
  if (!limiter) {
    const options = { points, duration: durationSeconds, keyPrefix: `latchkey:${id}` };
    const redis = redisClient();
    limiter = redis
      ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) })
      : isLatchkeyWorker()
        ? new RateLimiterCluster({ ...options, timeoutMs: CLUSTER_TIMEOUT_MS })
        : new RateLimiterMemory(options);
    limiters.set(id, limiter);
  }
  return limiter;
}

/**
 * What a per-address limit counts an address under. An IPv6 host is usually given a whole /64 and may send from any
 * address in it, so IPv6 counts per /64 (otherwise one host would have 2^64 fresh buckets); IPv4 counts per address.
 * An address that could not be known shares one bucket: it fails towards refusing, never towards letting through.
 */
export function addressBucket(ip: string | null): string {
  if (!ip) return "unknown";
  // Only IPv6 has colons; the check keeps IPv4 (most callers, on every API request) free of any parsing.
  if (!ip.includes(":") || !ipaddr.IPv6.isValid(ip)) return ip;
  const network = ipaddr.IPv6.parse(ip).parts.slice(0, 4);
  return `${network.map((part) => part.toString(16)).join(":")}::/64`;
}
