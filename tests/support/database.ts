import { databaseHandle } from "@/db";

/** Closes this file's database handle and forgets it. */
export async function closeTestDatabase() {
  const handle = await databaseHandle();
  await handle.close();
  // db/index.ts keeps the handle on globalThis. Each file runs in a fresh worker by default, but with
  // --no-isolate the next file would otherwise inherit this closed handle.
  delete (globalThis as { __latchkeyDb?: unknown }).__latchkeyDb;
}
