import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { redisClient } from "@/lib/infra/redis";
import { logger } from "@/lib/infra/logger";
import { usageRecorderStats } from "@/lib/usage/recorder";

export const dynamic = "force-dynamic";

const CHECK_TIMEOUT_MS = 2_000;

function withinTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timed out")), CHECK_TIMEOUT_MS).unref()),
  ]);
}

async function check(name: string, run: () => Promise<unknown>): Promise<"ok" | "unavailable"> {
  try {
    await withinTimeout(run());
    return "ok";
  } catch (error) {
    logger.warn({ check: name, err: error }, "readiness check failed");
    return "unavailable";
  }
}

/**
 * Readiness: whether this instance can serve, i.e. reach its database. Redis and the usage journal are reported but do
 * not count, since each has a fallback that keeps the API up: without Redis, limits are counted per instance; without
 * the journal, usage is kept in memory (a kill would lose up to a second of it). Failing readiness for either would
 * take every instance out of rotation at once for a service that still works; the metrics and logs alert instead.
 */
export async function GET() {
  const redis = redisClient();
  const checks = {
    database: await check("database", async () => (await getDb()).execute(sql`select 1`)),
    redis: redis ? await check("redis", () => redis.ping()) : ("not_configured" as const),
  };
  const ready = checks.database === "ok";
  return Response.json(
    { status: ready ? "ready" : "unavailable", checks: { ...checks, usage_journal: usageRecorderStats().journal } },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store", ...(ready ? {} : { "Retry-After": "5" }) } },
  );
}
