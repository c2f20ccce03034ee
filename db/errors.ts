// Errors that mean "the database cannot be reached right now" rather than "this query is wrong": the first kind is
// answered with 503 and Retry-After, the second is a bug and answered with 500.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
  "3D000", // invalid_catalog_name: the database was dropped
  "55000", // object_not_in_prerequisite_state: the database is not accepting connections
  "57014", // query_canceled: statement_timeout, the database is too slow to answer in time
  "55P03", // lock_not_available: lock_timeout, a lock held elsewhere for too long
  "DEADLINE_EXCEEDED", // DatabaseDeadlineError: the app stopped waiting for a database that did not answer
]);

/**
 * The app's own deadline passed before the database answered (db/deadline.ts). The database's timeouts cannot stop a
 * server that does not run at all (frozen, stalled host, a network that drops packets): this one still does.
 */
export class DatabaseDeadlineError extends Error {
  readonly code = "DEADLINE_EXCEEDED";
  /**
   * For a transaction: settles once the database is done with it, true if it committed after all. Only a COMMIT
   * already sent when the deadline passed can do that; work that must not be repeated (a usage batch) waits for it
   * before retrying.
   */
  readonly committed?: Promise<boolean>;

  constructor(what: "query" | "transaction", deadlineMs: number, committed?: Promise<boolean>) {
    super(`the database did not finish a ${what} within ${deadlineMs} ms`);
    this.name = "DatabaseDeadlineError";
    this.committed = committed;
  }
}

/** The codes of an error and of the errors that caused it (drizzle wraps the driver's), outermost first. */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return codesOf(error).some((code) => CONNECTION_CODES.has(code));
}

// SQLSTATE class 22 (data exception) and 23 (integrity constraint violation).
const CONTENT_CODE = /^2[23][0-9A-Z]{3}$/;

/**
 * Whether the database refused the rows themselves (a value it cannot hold, a foreign key whose row was deleted
 * meanwhile) rather than failed to write them for now. Anything else (unreachable, read-only after a failover,
 * deadlock, disk full) says nothing about the rows and is worth retrying.
 */
export function isRefusedForContent(error: unknown): boolean {
  const codes = codesOf(error);
  return (
    !codes.some((code) => CONNECTION_CODES.has(code)) &&
    codes.some((code) => CONTENT_CODE.test(code)) &&
    !isRoutedBeforePartitionAttached(error)
  );
}

/**
 * A row bound for usage_events' default partition that waited for its lock while a partition for the row's day was
 * being attached (db/queries/usage-partitions.ts): once it has the lock, the day is no longer the default's, and
 * Postgres refuses the row as a check violation. Nothing is wrong with the row: written again, it goes to the new
 * partition.
 */
function isRoutedBeforePartitionAttached(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (code === "23514" && typeof message === "string" && message.includes("violates partition constraint")) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * For a transaction the app stopped waiting for: settles once the database is done with it, true if it committed.
 * Read by shape rather than instanceof, because Next.js may load this module more than once (instrumentation and
 * route handlers are separate bundles) and the error may come from the other copy.
 */
export function outcomeAfterDeadline(error: unknown): Promise<boolean> | undefined {
  const { code, committed } = (error ?? {}) as { code?: unknown; committed?: unknown };
  return code === "DEADLINE_EXCEEDED" && committed instanceof Promise ? (committed as Promise<boolean>) : undefined;
}

/** A unique index refused the row (SQLSTATE 23505): another transaction took the value first. */
export function isUniqueViolation(error: unknown): boolean {
  return codesOf(error).includes("23505");
}
