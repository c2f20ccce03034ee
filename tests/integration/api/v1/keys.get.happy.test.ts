import { describe, expect, it } from "vitest";
import { GET as listKeys } from "@/app/api/v1/keys/route";
import { keyListSchema } from "@/lib/api/response-schemas";
import { hideRevokedKey, revokeKey } from "@/lib/keys/lifecycle";
import { callRoute } from "../../../support/api";
import { actorOf, createUser, apiKeyFor, ownerWithManagerKey } from "../../../support/factories";

// Every field a key has in the API; a new one must be added here on purpose.
const SERIALIZED_FIELDS = [
  "createdAt",
  "description",
  "disabledAt",
  "environment",
  "expiresAt",
  "id",
  "ipAllowlist",
  "lastUsedAt",
  "metadata",
  "name",
  "quota",
  "rateLimit",
  "requestCount",
  "revokedAt",
  "scopes",
  "start",
  "status",
];

describe("GET /api/v1/keys", () => {
  it("lists the owner's keys, newest first, without hidden ones or anyone else's", async () => {
    const { owner, manager, secret } = await ownerWithManagerKey();
    const hidden = await apiKeyFor(owner, ["keys:read"]);
    await revokeKey(actorOf(owner), { keyId: hidden.key.id, accountId: owner.id });
    await hideRevokedKey(actorOf(owner), { keyId: hidden.key.id, accountId: owner.id });
    const other = await createUser();
    await apiKeyFor(other, ["keys:read"]);
    const newer = await apiKeyFor(owner, ["usage:read"]);

    const { status, headers, body } = await callRoute(listKeys, { path: "/keys", key: secret });
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(keyListSchema.parse(body)).toEqual(body);
    expect(body.data.map((k: { id: string }) => k.id)).toEqual([newer.key.id, manager.key.id]);
    // A call without a cursor is the first page, as before pages: with two keys, the only one.
    expect(body.nextCursor).toBeNull();
    expect(Object.keys(body.data[1]).sort()).toEqual(SERIALIZED_FIELDS);
    expect(body.data[1]).toMatchObject({
      scopes: ["keys:read", "keys:write", "payments:read", "payments:write"],
      status: "active",
      rateLimit: { limit: 600, window: "minute" },
      revokedAt: null,
      start: manager.key.start,
    });
    // Nothing of a secret but its visible start.
    expect(JSON.stringify(body)).not.toContain(manager.secret);
    expect(JSON.stringify(body)).not.toMatch(/hash/i);
  });
});
