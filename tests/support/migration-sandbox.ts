import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import * as schema from "@/db/schema";
import type { Database } from "@/db";

/**
 * A database of its own, beside the one the rest of the file uses, migrated only up to a given migration: the
 * schema as an older release left it, to fill with data and then migrate the rest of the way. The same kind of
 * database as the suite's project: PGlite in memory, or a new database on the suite's PostgreSQL server.
 */
export interface MigrationSandbox {
  /** Runs raw SQL (several statements allowed), as an operator's data would have been written by the old release. */
  exec(sql: string): Promise<void>;
  query<T>(sql: string): Promise<T[]>;
  /** Applies the migrations up to and including `tag` (every one when absent). */
  migrateTo(tag?: string): Promise<void>;
  /** The app's drizzle handle on this database, for the app's own reads once migrated. */
  db(): Promise<Database>;
  close(): Promise<void>;
}

interface Journal {
  entries: { tag: string }[];
}

/** Runs `migrate` on a copy of drizzle/ whose journal ends at `tag`: the migrator applies exactly what it lists. */
async function withMigrationsUpTo(tag: string | undefined, migrate: (folder: string) => Promise<unknown>): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), "latchkey-migrations-"));
  cpSync(path.join(process.cwd(), "drizzle"), folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as Journal;
  if (tag) {
    const end = journal.entries.findIndex((entry) => entry.tag === tag);
    if (end < 0) throw new Error(`no migration ${tag}`);
    journal.entries = journal.entries.slice(0, end + 1);
  }
  writeFileSync(journalPath, JSON.stringify(journal));
  try {
    await migrate(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function openMigrationSandbox(): Promise<MigrationSandbox> {
  const url = process.env.DATABASE_URL;
  return url ? openPostgresSandbox(url) : openPgliteSandbox();
}

async function openPgliteSandbox(): Promise<MigrationSandbox> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const client = await PGlite.create();
  const db = drizzle({ client, schema });
  return {
    exec: async (sql) => {
      await client.exec(sql);
    },
    query: async <T>(sql: string) => (await client.query<T>(sql)).rows,
    migrateTo: (tag) => withMigrationsUpTo(tag, (migrationsFolder) => migrate(db, { migrationsFolder })),
    db: async () => db as unknown as Database,
    close: () => client.close(),
  };
}

async function openPostgresSandbox(suiteUrl: string): Promise<MigrationSandbox> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  // A test database of its own on the suite's server, named like every other test database so that leftovers are
  // recognisable, and dropped on close.
  const name = `latchkey_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(suiteUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(suiteUrl);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 2, onnotice: () => {} });
  const db = drizzle({ client, schema });
  return {
    exec: async (sql) => {
      await client.unsafe(sql).simple();
    },
    query: async <T>(sql: string) => (await client.unsafe(sql)) as unknown as T[],
    migrateTo: (tag) => withMigrationsUpTo(tag, (migrationsFolder) => migrate(db, { migrationsFolder })),
    db: async () => db as unknown as Database,
    async close() {
      await client.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name}`);
      await admin.end({ timeout: 5 });
    },
  };
}
