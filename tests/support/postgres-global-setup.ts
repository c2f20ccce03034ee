import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/db/client";

declare module "vitest" {
  export interface ProvidedContext {
    /** The throw-away database this run created. */
    postgresTestUrl: string;
    /** Why there is none: each test file of the project then fails with this. */
    postgresUnavailable: string;
  }
}

const DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * Creates a fresh database for this run on the server named by TEST_POSTGRES_URL, migrates it once, hands its
 * URL to the test workers, and drops it afterwards. Tests never see the server URL itself, only this database.
 */
export default async function setup(project: TestProject) {
  if (process.env.SKIP_POSTGRES_TESTS === "1") {
    console.warn(banner("SKIPPED: the PostgreSQL integration tests did not run (SKIP_POSTGRES_TESTS=1)."));
    return;
  }

  const serverUrl = process.env.TEST_POSTGRES_URL || DEFAULT_SERVER_URL;
  const name = `latchkey_test_${randomBytes(6).toString("hex")}`;
  const testUrl = withDatabase(serverUrl, name);

  try {
    await withServer(serverUrl, (sql) => sql.unsafe(`create database "${name}"`));
  } catch (error) {
    // Not thrown here, which would abort the other projects too: every file of this project fails instead.
    const message =
      `Cannot create a test database on PostgreSQL at ${redacted(serverUrl)}: ${(error as Error).message}\n` +
      "Start PostgreSQL, point TEST_POSTGRES_URL at a server the tests may create databases on,\n" +
      "or set SKIP_POSTGRES_TESTS=1 to skip the integration-postgres project.";
    console.error(banner(message));
    project.provide("postgresUnavailable", message);
    return;
  }

  try {
    const handle = await openDatabase({ url: testUrl, dataDir: "memory://" });
    try {
      await handle.migrate();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await dropDatabase(serverUrl, name);
    throw error;
  }

  project.provide("postgresTestUrl", testUrl);
  return () => dropDatabase(serverUrl, name);
}

async function dropDatabase(serverUrl: string, name: string) {
  // FORCE ends any connection a crashed worker left open, so the database never outlives the run.
  await withServer(serverUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}

async function withServer<T>(serverUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function redacted(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.password) url.password = "***";
  return url.toString();
}

function banner(message: string): string {
  const rule = "=".repeat(78);
  return `\n${rule}\n[integration-postgres] ${message}\n${rule}\n`;
}
