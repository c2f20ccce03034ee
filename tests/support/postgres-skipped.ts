import { it } from "vitest";

// Included instead of the integration suite when SKIP_POSTGRES_TESTS=1, so the skip is counted and shown.
it.skip("PostgreSQL integration tests (skipped: SKIP_POSTGRES_TESTS=1)", () => {});
