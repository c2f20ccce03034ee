import "server-only";
import { env } from "@/lib/infra/env";
import { openDatabase, type Database, type DatabaseHandle } from "./client";

export type { Database, Executor, Transaction } from "./client";

// One handle per process. It lives on globalThis because the dev server re-evaluates modules on
// every change, and PGlite cannot open the same data folder twice.
const holder = globalThis as unknown as { __latchkeyDb?: Promise<DatabaseHandle> };

export function databaseHandle(): Promise<DatabaseHandle> {
  holder.__latchkeyDb ??= openDatabase({
    url: env().DATABASE_URL,
    dataDir: env().PGLITE_DATA_DIR,
    deadlineMs: env().DATABASE_DEADLINE_MS,
  }).catch((error: unknown) => {
    holder.__latchkeyDb = undefined;
    throw error;
  });
  return holder.__latchkeyDb;
}

export async function getDb(): Promise<Database> {
  return (await databaseHandle()).db;
}
