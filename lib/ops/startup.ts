import "server-only";
import { databaseHandle } from "@/db";
import { isDatabaseUnavailable } from "@/db/errors";
import { seedDemoAccounts } from "@/lib/demo/seed";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { env, usesEmbeddedDatabase } from "@/lib/infra/env";
import { listenForKeyChanges } from "@/lib/keys/change-notifications";
import { listenForGatewayChanges } from "@/lib/accounts/gateway-services";
import { openJournal } from "@/lib/infra/journal";
import { keepUsagePartitions, startPartitionUpkeep, stopPartitionUpkeep } from "@/lib/usage/partition-upkeep";
import {
  flushUsageOnShutdown,
  startUsageFlushing,
  startUsageJournal,
  stopUsageFlushing,
  stopUsageJournal,
} from "@/lib/usage/recorder";
import { awaitRedisReady, redisClient } from "@/lib/infra/redis";
import { logger } from "@/lib/infra/logger";
import { registerStateGauges } from "./metrics-text";
import { startJobs, stopJobs } from "./jobs";

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 30_000;

// server.mjs puts this here before Next.js starts us: it answers 503 until `ready`, and exits on `failed`. Under
// `next dev` there is no such listener, and requests simply wait for register() in instrumentation.ts.
interface StartupListener {
  ready(): void;
  failed(error: unknown): void;
}
const holder = globalThis as unknown as { __latchkeyStartup?: StartupListener; __latchkeyStarting?: Promise<void> };

/**
 * Runs once per server process, before it takes requests: migrations, the demo seed where wanted, background work.
 * A database that cannot be reached yet (it is starting too, or a network blip) is waited for, with backoff; any
 * other failure (a migration refused, a data folder that cannot be opened) will not mend by itself and ends start-up.
 */
export function prepareDatabase(): Promise<void> {
  // At once rather than at the end of start-up: with several workers, the primary asks every worker for its metrics
  // whenever one is scraped, and one still starting must answer too.
  registerStateGauges();
  holder.__latchkeyStarting ??= startWithRetries();
  return holder.__latchkeyStarting;
}

async function startWithRetries(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await startOnce();
      holder.__latchkeyStartup?.ready();
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) {
        logger.fatal({ err: error }, "start-up failed");
        holder.__latchkeyStartup?.failed(error);
        throw error;
      }
      const retryInMs = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 1));
      logger.error({ err: error, attempt, retryInMs }, "database unreachable at start-up; retrying");
      await new Promise((resolve) => setTimeout(resolve, retryInMs));
    }
  }
}

// Every step is safe to run again after a failed attempt: migrations and the seed skip what is done.
async function startOnce(): Promise<void> {
  const settings = env();
  const handle = await databaseHandle();
  if (settings.MIGRATE_ON_START) await handle.migrate();
  // Today's usage partition and the week's ahead, before usage is written; then looked at again every hour.
  await keepUsagePartitions();
  startPartitionUpkeep();
  const seedDemo = settings.SEED_DEMO ?? usesEmbeddedDatabase();
  if (seedDemo) {
    await seedDemoAccounts();
    printDemoSignIns();
  }
  await Promise.all([listenForKeyChanges(), listenForGatewayChanges(), awaitRedisReady()]);
  await startJobs();
  startJournaling(settings.USAGE_JOURNAL_DIR);
  startUsageFlushing();
  registerShutdown();
  logger.info({ database: handle.kind === "pglite" ? `embedded (${settings.PGLITE_DATA_DIR})` : "postgres" }, "database ready");
}

/**
 * Usage is journaled before each request is answered and replayed here from journals that killed processes left.
 * A journal that cannot be opened does not stop the server: usage is then kept in memory only, and the metrics and
 * readiness say so.
 */
function startJournaling(dir: string) {
  if (dir === "off") return;
  try {
    startUsageJournal(openJournal(dir));
  } catch (error) {
    logger.error({ err: error, dir }, "usage journal cannot be opened: usage is kept in memory only");
  }
}

// server.mjs calls this once it has stopped taking requests and the ones in flight are done.
function registerShutdown() {
  (globalThis as { __latchkeyShutdown?: () => Promise<void> }).__latchkeyShutdown = async () => {
    stopUsageFlushing();
    stopPartitionUpkeep();
    await Promise.all([flushUsageOnShutdown(), stopJobs()]);
    // Written: the journal is empty now. If the database was away, its files stay for the next start to replay.
    stopUsageJournal();
    await (await databaseHandle()).close();
    await redisClient()?.quit();
  };
}

function printDemoSignIns() {
  const lines = DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(6)}  ${a.email.padEnd(22)}  ${a.password}`);
  // Plain text on purpose: this banner is for the person who just ran `npm run dev`.
  console.log(["", "[latchkey] demo sign-ins:", ...lines, ""].join("\n"));
}
