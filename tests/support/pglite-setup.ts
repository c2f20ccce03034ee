import { afterAll, beforeAll } from "vitest";
import { databaseHandle } from "@/db";
import { closeTestDatabase } from "./database";

if (process.env.DATABASE_URL || process.env.PGLITE_DATA_DIR !== "memory://") {
  throw new Error("integration-pglite must run on an in-memory PGlite: unset DATABASE_URL and set PGLITE_DATA_DIR=memory://.");
}

beforeAll(async () => {
  await (await databaseHandle()).migrate();
});

afterAll(closeTestDatabase);
