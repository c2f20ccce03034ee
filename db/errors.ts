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
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
