import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { listKeysPage } from "@/db/queries/keys";
import { apiKeys } from "@/db/schema";
import { createUser } from "../support/factories";

// /keys a page at a time: newest first, each page after the last key of the one before, searchable, within one account.

/** `n` keys of the account, written directly (the lifecycle's plan limit would stop at 50), one second apart. */
async function manyKeys(accountId: string, n: number, name = (i: number) => `Key ${i}`) {
  const db = await getDb();
  const start = Date.now() - n * 1000;
  const rows = Array.from({ length: n }, (_, i) => ({
    accountId,
    name: name(i),
    environment: "live" as const,
    start: `lk_live_${String(i).padStart(4, "0")}`,
    rateLimit: 60,
    rateLimitWindow: "minute" as const,
    createdAt: new Date(start + i * 1000),
  }));
  await db.insert(apiKeys).values(rows);
}

describe("listKeysPage", () => {
  it("walks every key once, newest first, a page at a time", async () => {
    const owner = await createUser();
    await manyKeys(owner.id, 120);
    const seen: string[] = [];
    let after: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await listKeysPage(owner.id, { after });
      expect(page.total).toBe(120);
      sizes.push(page.keys.length);
      seen.push(...page.keys.map((k) => k.name));
      after = page.nextAfter ?? undefined;
    } while (after);
    expect(sizes).toEqual([50, 50, 20]);
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => `Key ${119 - i}`));
  });

  it("keeps its place when a key is made between two pages", async () => {
    const owner = await createUser();
    await manyKeys(owner.id, 60);
    const first = await listKeysPage(owner.id, {});
    await manyKeys(owner.id, 1, () => "Made meanwhile");
    const second = await listKeysPage(owner.id, { after: first.nextAfter ?? undefined });
    expect(second.keys.map((k) => k.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Key ${9 - i}`));
  });

  it("searches names and visible starts, escaping the pattern's own characters", async () => {
    const owner = await createUser();
    await manyKeys(owner.id, 12, (i) => (i % 3 === 0 ? `Billing ${i}` : i === 1 ? "100% off_promo" : `Other ${i}`));
    expect((await listKeysPage(owner.id, { q: "billing" })).keys.map((k) => k.name)).toEqual([
      "Billing 9",
      "Billing 6",
      "Billing 3",
      "Billing 0",
    ]);
    expect((await listKeysPage(owner.id, { q: "100%" })).keys.map((k) => k.name)).toEqual(["100% off_promo"]);
    expect((await listKeysPage(owner.id, { q: "%" })).total).toBe(1);
    expect((await listKeysPage(owner.id, { q: "lk_live_0011" })).keys.map((k) => k.name)).toEqual(["Other 11"]);
  });

  it("never shows another account's keys, nor starts after another account's key", async () => {
    const owner = await createUser();
    const other = await createUser();
    await manyKeys(owner.id, 3);
    await manyKeys(other.id, 3);
    const theirs = await listKeysPage(other.id, {});
    expect((await listKeysPage(owner.id, {})).keys.every((k) => k.accountId === owner.id)).toBe(true);
    expect((await listKeysPage(owner.id, { after: theirs.keys[0].id })).keys).toEqual([]);
    expect((await listKeysPage(owner.id, { after: randomUUID() })).keys).toEqual([]);
  });
});
