import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { DEFAULT_DATABASE_DEADLINE_MS } from "@/lib/infra/env";
import { withDeadline } from "./deadline";
import * as schema from "./schema";

type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: queries that may run inside one take this. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * LISTEN on a channel. `onListen` runs each time the subscription is (re)established: anything sent while it was
   * down has been missed, so callers drop what they cached.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListen: () => void): Promise<() => Promise<void>>;
  /** How the job queue (db/job-queue.ts) reaches this database: a pool of its own, or this very PGlite. */
  jobQueueConnection(): JobQueueConnection;
}

/** pg-boss's connection options: its own `pg` pool by URL, or a `db` that runs its SQL (PGlite's one connection). */
export type JobQueueConnection =
  | { connectionString: string; max: number; connectionTimeoutMillis: number; statement_timeout: number; query_timeout: number }
  | { db: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } };

const migrationsFolder = path.join(process.cwd(), "drizzle");
// Any constant will do, as long as every instance uses the same one.
const MIGRATION_LOCK_ID = 7_240_251;

export interface OpenOptions {
  url?: string;
  dataDir: string;
  /** PGlite only: start from this dump of a data folder (PGlite's dumpDataDir) instead of an empty one. */
  loadDataDir?: Blob;
  /** PostgreSQL only: how long any statement or transaction may take before the app stops waiting (db/deadline.ts). */
  deadlineMs?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  return options.url
    ? openPostgres(options.url, options.deadlineMs ?? DEFAULT_DATABASE_DEADLINE_MS)
    : openPglite(options.dataDir, options.loadDataDir);
}

async function openPostgres(url: string, deadlineMs: number): Promise<DatabaseHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  // Bounded waits everywhere: a slow or stuck database makes requests fail fast (and answer 503) instead of piling up.
  // The database stops a statement at the app's deadline too, so that one the app gave up on does not run on.
  const client = postgres(url, {
    max: 10,
    connect_timeout: deadlineMs / 1000,
    idle_timeout: 30,
    onnotice: () => {},
    connection: { statement_timeout: deadlineMs, idle_in_transaction_session_timeout: 10_000, lock_timeout: 3_000 },
  });
  return {
    // PGlite needs no deadline: it runs in this process, and cannot be stuck without the process being stuck too.
    db: drizzle({ client: withDeadline(client, deadlineMs), schema }) as unknown as Database,
    kind: "postgres",
    async migrate() {
      const { migrate } = await import("drizzle-orm/postgres-js/migrator");
      // One dedicated connection holds a session lock, so that instances starting together
      // apply the migrations one after the other instead of racing on CREATE TABLE.
      const lockClient = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migrate(drizzle({ client: lockClient }), { migrationsFolder });
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      } finally {
        await lockClient.end();
      }
    },
    close: () => client.end({ timeout: 5 }),
    async listen(channel, onNotify, onListen) {
      const subscription = await client.listen(channel, onNotify, onListen);
      return () => subscription.unlisten();
    },
    // A few connections of its own, with the same deadlines as the app's: a frozen database stalls no job for long.
    jobQueueConnection: () => ({
      connectionString: url,
      max: 3,
      connectionTimeoutMillis: deadlineMs,
      statement_timeout: deadlineMs,
      query_timeout: deadlineMs,
    }),
  };
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir: inMemory ? dataDir : path.resolve(dataDir), loadDataDir });
  const db = drizzle({ client, schema });
  return {
    db: db as unknown as Database,
    kind: "pglite",
    async migrate() {
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      await migrate(db, { migrationsFolder });
    },
    close: () => client.close(),
    async listen(channel, onNotify, onListen) {
      // PGlite lives in this process: its subscription cannot drop, so it is established exactly once.
      const unlisten = await client.listen(channel, onNotify);
      onListen();
      return unlisten;
    },
    jobQueueConnection: () => ({ db: pgliteJobQueueAdapter(client) }),
  };
}

/**
 * The job queue's SQL on PGlite's one connection, which PGlite runs one statement (or script) at a time, never inside
 * a transaction of the app's. pg-boss sends its schema scripts (BEGIN … COMMIT) without parameters; one that fails on
 * purpose (its guard against two instances migrating at once) would leave the one session in an aborted transaction,
 * which a pool would simply discard. A script runs inside PGlite's own transaction, which holds the connection until
 * it has rolled back a failure, so that no query of the app's runs in between (the script's BEGIN and COMMIT only
 * warn there: its COMMIT ends the transaction, and the wrapper's own COMMIT finds none to end).
 */
function pgliteJobQueueAdapter(client: import("@electric-sql/pglite").PGlite) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return client.query(text, values);
      const results = await client.transaction((tx) => tx.exec(text));
      return results.at(-1) ?? { rows: [] };
    },
  };
}
