import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/db/client";

declare module "vitest" {
  export interface ProvidedContext {
    /** A dump of an in-memory PGlite with every migration applied, for each test file to start from. */
    pgliteDumpFile: string;
  }
}

/**
 * Creating a PGlite database (its initdb) costs seconds on a busy machine; loading a dump of one costs a fraction of
 * that. So the migrations run once here, into a database that every test file of the project then loads as its own:
 * files stay isolated, and only the first pays for initdb.
 */
export default async function setup(project: TestProject) {
  const handle = await openDatabase({ dataDir: "memory://" });
  await handle.migrate();
  const { PGlite } = await import("@electric-sql/pglite");
  const client = (handle.db as unknown as { $client: InstanceType<typeof PGlite> }).$client;
  const dump = await client.dumpDataDir("none");
  await handle.close();
  const dir = mkdtempSync(path.join(tmpdir(), "latchkey-pglite-"));
  const file = path.join(dir, "migrated.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteDumpFile", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
