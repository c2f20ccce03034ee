import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { GET as listKeys } from "@/app/api/v1/keys/route";
import { apiKeys } from "@/db/schema";
import { keyListSchema } from "@/lib/api/response-schemas";
import { callRoute } from "../../../support/api";
import { apiKeyFor, createUser } from "../../../support/factories";

// GET /api/v1/keys a page at a time: 100 keys unless `limit` says otherwise (at most 500), `nextCursor` to go on.

/** `n` keys of the account, written directly (the plan's limit on active keys would stop at 50), a second apart. */
async function manyKeys(accountId: string, n: number) {
  if (n === 0) return;
  const db = await getDb();
  const start = Date.now() - (n + 10) * 1000;
  await db.insert(apiKeys).values(
    Array.from({ length: n }, (_, i) => ({
      accountId,
      name: `Key ${i}`,
      environment: "live" as const,
      start: `lk_live_${String(i).padStart(4, "0")}`,
      rateLimit: 60,
      rateLimitWindow: "minute" as const,
      createdAt: new Date(start + i * 1000),
    })),
  );
}

async function readerWithKeys(n: number) {
  const owner = await createUser();
  // Made first (the plan counts active keys), and still the newest: the others are dated before it.
  const reader = await apiKeyFor(owner, ["keys:read"]);
  await manyKeys(owner.id, n);
  return { owner, reader };
}

describe("GET /api/v1/keys, page by page", () => {
  it("answers the newest 100 with a cursor, and walks every key once with it", async () => {
    const { reader } = await readerWithKeys(249);
    const first = await callRoute(listKeys, { path: "/keys", key: reader.secret });
    expect(first.status).toBe(200);
    expect(keyListSchema.parse(first.body)).toEqual(first.body);
    expect(first.body.data).toHaveLength(100);
    expect(first.body.data[0].id).toBe(reader.key.id);
    expect(first.body.nextCursor).toBe(first.body.data[99].id);

    const names: string[] = first.body.data.map((k: { name: string }) => k.name);
    let cursor: string | null = first.body.nextCursor;
    const sizes = [100];
    while (cursor) {
      const page = await callRoute(listKeys, { path: `/keys?cursor=${cursor}&limit=100`, key: reader.secret });
      expect(page.status).toBe(200);
      sizes.push(page.body.data.length);
      names.push(...page.body.data.map((k: { name: string }) => k.name));
      cursor = page.body.nextCursor;
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(names.slice(1)).toEqual(Array.from({ length: 249 }, (_, i) => `Key ${248 - i}`));
  });

  it("takes a limit up to 500, and says on the last page that nothing follows", async () => {
    const { reader } = await readerWithKeys(520);
    const big = await callRoute(listKeys, { path: "/keys?limit=500", key: reader.secret });
    expect(big.body.data).toHaveLength(500);
    const rest = await callRoute(listKeys, { path: `/keys?limit=500&cursor=${big.body.nextCursor}`, key: reader.secret });
    expect(rest.body.data).toHaveLength(21);
    expect(rest.body.nextCursor).toBeNull();
    const small = await callRoute(listKeys, { path: "/keys?limit=1", key: reader.secret });
    expect(small.body.data.map((k: { id: string }) => k.id)).toEqual([reader.key.id]);
  });

  it("answers an empty last page for another account's key or an unknown id as cursor, never their keys", async () => {
    const { reader } = await readerWithKeys(3);
    const other = await readerWithKeys(3);
    for (const cursor of [other.reader.key.id, randomUUID()]) {
      const { status, body } = await callRoute(listKeys, { path: `/keys?cursor=${cursor}`, key: reader.secret });
      expect(status).toBe(200);
      expect(body).toEqual({ data: [], nextCursor: null });
    }
  });
});

describe("GET /api/v1/keys, refused pages", () => {
  it("refuses a limit outside 1..500 or a cursor that is not one, with 400 naming the parameter", async () => {
    const { reader } = await readerWithKeys(0);
    const limit = "limit must be a whole number from 1 to 500.";
    const cursor = "cursor must be the nextCursor of a previous page.";
    for (const [query, path, message] of [
      ["limit=0", "limit", limit],
      ["limit=501", "limit", limit],
      ["limit=1.5", "limit", limit],
      ["limit=ten", "limit", limit],
      ["cursor=nope", "cursor", cursor],
      ["cursor=", "cursor", cursor],
    ]) {
      const { status, body } = await callRoute(listKeys, { path: `/keys?${query}`, key: reader.secret });
      expect({ query, status, body }).toEqual({
        query,
        status: 400,
        body: {
          error: { code: "validation_failed", message: "The request is not valid; see details.", details: [{ path, message }] },
        },
      });
    }
  });
});
