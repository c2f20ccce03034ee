import "server-only";
import { once } from "node:events";
import Redis from "ioredis";
import { env } from "@/lib/infra/env";
import { logger } from "@/lib/infra/logger";

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
    // Every API call checks its key's limit here: the commands of one turn of the event loop go out in one write.
    enableAutoPipelining: true,
  });
  client.on("error", (error) => logger.error({ err: error }, "redis error"));
  return (holder.__latchkeyRedis = client);
}

/**
 * Waits until Redis answers, so that the first requests are counted in the shared store rather than by the
 * in-process fallback (commands are not queued while connecting). Gives up after a while: the service still starts,
 * counting per instance, and says so.
 */
export async function awaitRedisReady(timeoutMs = 5_000): Promise<void> {
  const client = redisClient();
  if (!client || client.status === "ready") return;
  try {
    await Promise.race([
      once(client, "ready"),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), timeoutMs).unref()),
    ]);
  } catch (error) {
    logger.error({ err: error }, "redis not ready: rate limits count per instance until it is");
  }
}
