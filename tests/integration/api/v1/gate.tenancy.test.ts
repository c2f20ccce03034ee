import { describe, expect, it } from "vitest";
import { DELETE as revokeKeyRoute, GET as getKey, PATCH as patchKey } from "@/app/api/v1/keys/[id]/route";
import { POST as rollKeyRoute } from "@/app/api/v1/keys/[id]/roll/route";
import { GET as keyUsage } from "@/app/api/v1/keys/[id]/usage/route";
import { findKeyBySecretHash, findKeyForAccount } from "@/db/queries/keys";
import { hashKey } from "@/lib/keys/hash";
import { callRoute } from "../../../support/api";
import { createUser, apiKeyFor } from "../../../support/factories";
import { rowCountsFor } from "../../../support/inspect";

const ALL_KEY_SCOPES = ["keys:read", "keys:write", "usage:read"];

/** Every route that names a key in its URL, called with `id` by `secret`. */
function byIdCalls(secret: string, id: string) {
  return {
    get: () => callRoute(getKey, { path: `/keys/${id}`, params: { id }, key: secret }),
    patch: () =>
      callRoute(patchKey, { method: "PATCH", path: `/keys/${id}`, params: { id }, key: secret, body: { name: "Taken over" } }),
    roll: () => callRoute(rollKeyRoute, { method: "POST", path: `/keys/${id}/roll`, params: { id }, key: secret, body: {} }),
    revoke: () => callRoute(revokeKeyRoute, { method: "DELETE", path: `/keys/${id}`, params: { id }, key: secret }),
    usage: () => callRoute(keyUsage, { path: `/keys/${id}/usage`, params: { id }, key: secret }),
  };
}

describe("another owner's key", () => {
  it("is not found by any route, and nothing of it changes", async () => {
    const victim = await createUser();
    const intruder = await createUser();
    const target = await apiKeyFor(victim, ["payments:read"]);
    const { secret } = await apiKeyFor(intruder, ALL_KEY_SCOPES);
    const ref = { keyId: target.key.id, accountId: victim.id };
    const before = { victim: await rowCountsFor(ref), key: await findKeyForAccount(ref) };

    for (const [name, call] of Object.entries(byIdCalls(secret, target.key.id))) {
      const { status, body } = await call();
      expect({ name, status, body }).toEqual({
        name,
        status: 404,
        body: { error: { code: "not_found", message: "Key not found." } },
      });
    }

    expect(await findKeyForAccount(ref)).toEqual(before.key);
    expect(await rowCountsFor(ref)).toEqual(before.victim);
    expect((await findKeyBySecretHash(hashKey(target.secret)))?.key.revokedAt).toBeNull();
  });

  it("a malformed or unknown id is the same 404", async () => {
    const owner = await createUser();
    const { secret } = await apiKeyFor(owner, ALL_KEY_SCOPES);
    for (const id of ["not-a-uuid", "00000000-0000-4000-8000-000000000000", "' or 1=1 --"]) {
      for (const [name, call] of Object.entries(byIdCalls(secret, id))) {
        const { status, body } = await call();
        expect({ id, name, status, code: body.error.code }).toEqual({ id, name, status: 404, code: "not_found" });
      }
    }
  });
});
