import "server-only";
import { databaseHandle } from "@/db";
import { seedDemoAccounts } from "@/lib/demo/seed";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { env, usesEmbeddedDatabase } from "@/lib/infra/env";
import { listenForKeyChanges } from "@/lib/keys/change-notifications";
import { flushUsage, startUsageFlushing, stopUsageFlushing } from "@/lib/usage/recorder";
import { awaitRedisReady, redisClient } from "@/lib/infra/redis";
import { logger } from "@/lib/infra/logger";

/** Runs once per server process, before it takes requests: migrations, the demo seed where wanted, background work. */
export async function prepareDatabase(): Promise<void> {
  const settings = env();
  const handle = await databaseHandle();
  if (settings.MIGRATE_ON_START) await handle.migrate();
  const seedDemo = settings.SEED_DEMO ?? usesEmbeddedDatabase();
  if (seedDemo) {
    await seedDemoAccounts();
    printDemoSignIns();
  }
  await Promise.all([listenForKeyChanges(), awaitRedisReady()]);
  startUsageFlushing();
  registerShutdown();
  logger.info({ database: handle.kind === "pglite" ? `embedded (${settings.PGLITE_DATA_DIR})` : "postgres" }, "database ready");
}

// server.mjs calls this once it has stopped taking requests and the ones in flight are done.
function registerShutdown() {
  (globalThis as { __latchkeyShutdown?: () => Promise<void> }).__latchkeyShutdown = async () => {
    stopUsageFlushing();
    await flushUsage();
    await (await databaseHandle()).close();
    await redisClient()?.quit();
  };
}

function printDemoSignIns() {
  const lines = DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(6)}  ${a.email.padEnd(22)}  ${a.password}`);
  // Plain text on purpose: this banner is for the person who just ran `npm run dev`.
  console.log(["", "[latchkey] demo sign-ins:", ...lines, ""].join("\n"));
}
