import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const integrationFiles = ["tests/integration/**/*.test.ts"];
// With SKIP_POSTGRES_TESTS=1 the postgres project runs one skipped placeholder instead of the suite, so the
// skip shows in every report rather than passing in silence.
const skipPostgres = process.env.SKIP_POSTGRES_TESTS === "1";

// Spread into each project rather than `extends: true`, which would load this file once more per project.
const resolve = {
  alias: [
    { find: /^@\//, replacement: `${root}/` },
    { find: /^server-only$/, replacement: `${root}/tests/support/empty.ts` },
  ],
};
const integration = {
  environment: "node",
  // What a deployment sets beside DATABASE_URL; the gateway derives its signing secrets from it.
  env: { DATABASE_URL: "", PGLITE_DATA_DIR: "memory://", AUTH_SECRET: "integration-tests-auth-secret-0123456789abcdef" },
  // Migrating a fresh PGlite takes a few seconds on a busy machine.
  hookTimeout: 60_000,
  testTimeout: 20_000,
} as const;

export default defineConfig({
  resolve,
  test: {
    projects: [
      {
        resolve,
        test: { name: "unit", environment: "node", include: ["lib/**/*.test.ts", "db/**/*.test.ts"] },
      },
      {
        // The client library (packages/client) runs from source, against fakes of Latchkey; its tests against a
        // running server are in tests/multi-instance/client-library.test.ts.
        test: { name: "client", environment: "node", include: ["packages/client/src/**/*.test.ts"] },
      },
      {
        resolve,
        test: {
          ...integration,
          name: "integration-pglite",
          include: integrationFiles,
          // Modules are isolated per file, so each file opens its own in-memory database.
          globalSetup: ["tests/support/pglite-global-setup.ts"],
          setupFiles: ["tests/support/pglite-setup.ts"],
        },
      },
      {
        resolve,
        test: {
          ...integration,
          name: "integration-postgres",
          include: skipPostgres ? ["tests/support/postgres-skipped.ts"] : integrationFiles,
          // The setup file points DATABASE_URL at the database the global setup created for this run.
          globalSetup: ["tests/support/postgres-global-setup.ts"],
          setupFiles: skipPostgres ? [] : ["tests/support/postgres-setup.ts"],
        },
      },
      {
        resolve,
        test: {
          // Starts production servers from the build: scripts/test.mjs runs it after `next build`.
          name: "multi-instance",
          environment: "node",
          include: ["tests/multi-instance/**/*.test.ts"],
          hookTimeout: 180_000,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
