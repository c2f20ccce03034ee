import { afterAll, inject } from "vitest";
import { closeTestDatabase } from "./database";

const unavailable = inject("postgresUnavailable");
if (unavailable) throw new Error(unavailable);

// Runs in each worker before a test file is imported, so lib/infra/env reads this URL on its first call.
const url = inject("postgresTestUrl");
// A guard against ever running the suite on a database this run did not create.
if (!/^\/latchkey_test_[0-9a-f]{12}$/.test(new URL(url).pathname)) {
  throw new Error(`Refusing to run integration tests against ${new URL(url).pathname}: not a test database.`);
}
process.env.DATABASE_URL = url;

// The global setup migrated this database once for all files.
afterAll(closeTestDatabase);
