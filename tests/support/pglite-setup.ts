import { readFileSync } from "node:fs";
import { afterAll, beforeAll, inject } from "vitest";
import { databaseHandle } from "@/db";
import { openDatabase } from "@/db/client";
import { closeTestDatabase } from "./database";

if (process.env.DATABASE_URL || process.env.PGLITE_DATA_DIR !== "memory://") {
  throw new Error("integration-pglite must run on an in-memory PGlite: unset DATABASE_URL and set PGLITE_DATA_DIR=memory://.");
}

// This file's own in-memory database, loaded from the migrated dump the global setup made (see there why), and put
// where db/index.ts keeps the process's one handle, before anything asks for it.
const dump = new Blob([readFileSync(inject("pgliteDumpFile"))]);
(globalThis as { __latchkeyDb?: ReturnType<typeof openDatabase> }).__latchkeyDb = openDatabase({
  dataDir: "memory://",
  loadDataDir: dump,
});

beforeAll(async () => {
  // Already migrated by the dump; this confirms it (and costs a lookup of the journal).
  await (await databaseHandle()).migrate();
});

afterAll(closeTestDatabase);
