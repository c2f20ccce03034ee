// Rebuilds the rollups' sums (account rollups, key days) from the rollups, after an upgrade to migration 0013 during
// which instances of the version before kept writing (see README, "Running it for real"). Usage writes wait for it.
//
//   npm run usage:rebuild-sums
import { openDatabase } from "@/db/client";
import { rebuildUsageSums } from "@/db/queries/usage-sums-rebuild";
import { env } from "@/lib/infra/env";

// Summing a year of rollups takes minutes: this process waits for it rather than the app's per-statement deadline.
const REBUILD_DEADLINE_MS = 60 * 60 * 1000;

async function main() {
  const handle = await openDatabase({
    url: env().DATABASE_URL,
    dataDir: env().PGLITE_DATA_DIR,
    deadlineMs: REBUILD_DEADLINE_MS,
  });
  try {
    await handle.migrate();
    const started = Date.now();
    const { accountRollups, keyDays } = await rebuildUsageSums(handle.db);
    console.log(`Rebuilt ${accountRollups} account rollup rows and ${keyDays} key days in ${Date.now() - started} ms.`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
