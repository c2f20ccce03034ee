import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { openDatabase } from "@/db/client";
import { closeTestDatabase } from "./database";

let ownUrl: string | undefined;

/**
 * The PostgreSQL database this test file works in: its own when it called setUpOwnDatabase, else the run's. For a
 * second session of the test's own (tests/support/freeze.ts), which must lock the tables the file writes, not those
 * of the database every other file shares.
 */
export function testDatabaseUrl(): string | undefined {
  return ownUrl ?? process.env.DATABASE_URL;
}

/**
 * Gives the calling test file a database of its own, migrated, for tests that reshape all of usage_events (creating
 * and dropping day partitions, pruning by date) and so must not reach into rows other files are writing at the same
 * time. On PGlite each file has its own database already; on Postgres the files of a run share one, so this creates
 * another on the same server (named like every test database, dropped afterwards) and makes it the process's handle.
 * Call it at the top of the file, before anything opens the database.
 */
export function setUpOwnDatabase(): void {
  const suiteUrl = process.env.DATABASE_URL;
  if (!suiteUrl) return;
  const name = `latchkey_test_${randomBytes(6).toString("hex")}`;
  const url = new URL(suiteUrl);
  url.pathname = `/${name}`;
  ownUrl = url.toString();
  const server = new URL(suiteUrl);
  server.pathname = "/postgres";
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });

  beforeAll(async () => {
    await admin.unsafe(`create database "${name}"`);
    const handle = openDatabase({ url: url.toString(), dataDir: "memory://" });
    (globalThis as { __latchkeyDb?: typeof handle }).__latchkeyDb = handle;
    await (await handle).migrate();
  });

  afterAll(async () => {
    await closeTestDatabase();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  });
}
