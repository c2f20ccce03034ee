import "server-only";
import Redis from "ioredis";
import { env } from "@/lib/env";

const holder = globalThis as unknown as { __latchkeyRedis?: Redis | null };

/** The shared Redis connection, or null when REDIS_URL is not set. One per process. */
export function redisClient(): Redis | null {
  if (holder.__latchkeyRedis !== undefined) return holder.__latchkeyRedis;
  const url = env().REDIS_URL;
  if (!url) return (holder.__latchkeyRedis = null);
  const client = new Redis(url, {
    // Fail fast instead of queueing: a rate-limit check must not wait for a reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    lazyConnect: false,
  });
  client.on("error", (error) => console.error("[latchkey] redis:", error.message));
  return (holder.__latchkeyRedis = client);
}
