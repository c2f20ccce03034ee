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
 * Readiness: whether this instance can serve, i.e. reach its database (and Redis, when configured). The usage
 * journal is reported but does not count: an instance that cannot journal still serves, keeping usage in memory
 * (a kill would lose up to a second of it), which is better than taking the API away; the metrics alert on it.
 */
export async function GET() {
  const redis = redisClient();
  const checks = {
    database: await check("database", async () => (await getDb()).execute(sql`select 1`)),
    redis: redis ? await check("redis", () => redis.ping()) : ("not_configured" as const),
  };
  const ready = Object.values(checks).every((state) => state !== "unavailable");
  return Response.json(
    { status: ready ? "ready" : "unavailable", checks: { ...checks, usage_journal: usageRecorderStats().journal } },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store", ...(ready ? {} : { "Retry-After": "5" }) } },
  );
}
