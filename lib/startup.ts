import "server-only";
import { databaseHandle } from "@/db";
import { seedDemoAccounts } from "@/db/seed";
import { DEMO_ACCOUNTS } from "@/lib/demo-accounts";
import { env, usesEmbeddedDatabase } from "@/lib/env";

/** Runs once per server process, before it takes requests: migrations, then the demo seed where wanted. */
export async function prepareDatabase(): Promise<void> {
  const settings = env();
  const handle = await databaseHandle();
  if (settings.MIGRATE_ON_START) await handle.migrate();
  const seedDemo = settings.SEED_DEMO ?? usesEmbeddedDatabase();
  if (seedDemo) {
    await seedDemoAccounts();
    printDemoSignIns();
  }
  console.log(`[latchkey] database ready (${handle.kind === "pglite" ? `embedded, ${settings.PGLITE_DATA_DIR}` : "postgres"})`);
}

function printDemoSignIns() {
  const lines = DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(6)}  ${a.email.padEnd(22)}  ${a.password}`);
  console.log(["", "[latchkey] demo sign-ins:", ...lines, ""].join("\n"));
}
