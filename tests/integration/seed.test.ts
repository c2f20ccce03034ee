import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { listKeysForOwner } from "@/db/queries/keys";
import { findUserByEmail } from "@/db/queries/users";
import { users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { DEMO_ACCOUNTS } from "@/lib/demo-accounts";
import { seedDemoAccounts } from "@/db/seed";
import { rowCountsFor } from "../support/inspect";

// The only file that uses fixed emails: the demo accounts are what it tests, and no other file creates them.
async function demoState() {
  const db = await getDb();
  const accounts = await db
    .select()
    .from(users)
    .where(inArray(users.email, DEMO_ACCOUNTS.map((a) => a.email)));
  const counts = await Promise.all(accounts.map((a) => rowCountsFor({ ownerId: a.id })));
  return { accounts: accounts.map((a) => a.id).sort(), counts: counts.sort((a, b) => a.keys - b.keys) };
}

describe("seedDemoAccounts", () => {
  it("creates the demo accounts, with keys for the clients only", { timeout: 60_000 }, async () => {
    await seedDemoAccounts();
    for (const account of DEMO_ACCOUNTS) {
      const user = await findUserByEmail(account.email);
      expect(user).toMatchObject({ role: account.role, name: account.name, status: "active" });
      expect(await verifyPassword(account.password, user!.passwordHash)).toBe(true);
      const keys = await listKeysForOwner(user!.id);
      expect(keys.map((k) => k.name)).toEqual(account.role === "client" ? ["CI smoke tests", "Production backend"] : []);
    }
  });

  it("is idempotent: running it again adds and changes nothing", { timeout: 60_000 }, async () => {
    await seedDemoAccounts();
    const before = await demoState();
    expect(before.accounts).toHaveLength(DEMO_ACCOUNTS.length);
    await seedDemoAccounts();
    expect(await demoState()).toEqual(before);
  });
});
