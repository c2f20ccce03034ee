import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { databaseHandle } from "@/db";
import { listScopes } from "@/db/queries/scopes";
import { BUILT_IN_SCOPES } from "@/lib/scopes";
import { TEST_SCOPE_PREFIX } from "../support/factories";
import { resultRows } from "../support/inspect";

const journal = JSON.parse(readFileSync(path.join(process.cwd(), "drizzle/meta/_journal.json"), "utf8")) as {
  entries: { tag: string }[];
};

/** The catalogue as the migrations left it: other files sharing the database may add scopes of their own. */
async function migratedCatalogue() {
  return (await listScopes()).filter((scope) => !scope.name.startsWith(TEST_SCOPE_PREFIX));
}

describe("migrations", () => {
  it("create the scope catalogue, with keys:verify as the only admin-only scope", async () => {
    const scopes = await migratedCatalogue();
    expect(scopes.map((s) => [s.name, s.adminOnly])).toEqual([
      ["customers:read", false],
      ["customers:write", false],
      ["keys:read", false],
      ["keys:verify", true],
      ["keys:write", false],
      ["payments:read", false],
      ["payments:write", false],
      ["usage:read", false],
      ["webhooks:manage", false],
    ]);
    expect(scopes.every((s) => s.description.length > 0 && s.deprecatedAt === null)).toBe(true);
  });

  it("hold every scope the application itself checks", async () => {
    const names = (await migratedCatalogue()).map((s) => s.name);
    for (const scope of BUILT_IN_SCOPES) expect(names).toContain(scope);
  });

  it("record each journal entry once, and applying them again changes nothing", async () => {
    const handle = await databaseHandle();
    await handle.migrate();
    const applied = resultRows<{ n: number | string }>(
      await handle.db.execute(sql`select count(*) as n from drizzle.__drizzle_migrations`),
    );
    expect(Number(applied[0].n)).toBe(journal.entries.length);
    expect(await migratedCatalogue()).toHaveLength(9);
  });
});
