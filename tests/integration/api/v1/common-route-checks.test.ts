import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { findKeyForAccount } from "@/db/queries/keys";
import { listScopes } from "@/db/queries/scopes";
import { API_OPERATIONS } from "@/lib/api/operations";
import { generateKey } from "@/lib/keys/format";
import { BUILT_IN_SCOPES } from "@/lib/scopes";
import { callRoute } from "../../../support/api";
import { KEY_ROUTES, type KeyOperationId } from "../../../support/api-routes";
import { actorOf, apiKeyFor, createKeyInput, createUser, organizationOf } from "../../../support/factories";
import type { User } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { createKey } from "@/lib/keys/lifecycle";
import { rowCountsFor as keyRowCountsFor, webhookRowCountsFor } from "../../../support/inspect";

// The checks every key-authenticated route must pass, run against each route's real handler: no key, a bad key,
// a key without the route's scopes, another owner's key id, and a key over its rate limit. The routes come from
// the table in support/api-routes.ts; the last describe fails when an operation is missing from it.

// A scope that grants nothing in the API itself, for keys that must hold none of the API's scopes.
const NO_API_SCOPE = "payments:read";
let adminOnlyScopes = new Set<string>();

beforeAll(async () => {
  adminOnlyScopes = new Set((await listScopes()).filter((scope) => scope.adminOnly).map((scope) => scope.name));
});

/**
 * An owner (an admin only when a scope asks for one) with a calling key of these scopes, a second key, and the path's
 * params for the operation: that key's id, or what the route's subject made in the owner's account.
 */
async function ownerWith(id: KeyOperationId, scopes: string[], overrides: Record<string, unknown> = {}) {
  const owner = await createUser({ role: scopes.some((scope) => adminOnlyScopes.has(scope)) ? "admin" : "client" });
  const caller = await apiKeyFor(owner, scopes, overrides);
  const target = await apiKeyFor(owner, [NO_API_SCOPE]);
  const subject = KEY_ROUTES[id].subject;
  const params = subject ? await subject.make(owner, owner.id) : { id: target.key.id };
  return { owner, caller, target, params };
}

/** Calls the operation as the table says, with these path params where its path has any, with a body it accepts. */
function callOperation(
  id: KeyOperationId,
  call: { key?: string; params: Record<string, string>; target: { secret: string }; ip?: string },
) {
  const { path } = API_OPERATIONS[id];
  const { method, handler, body } = KEY_ROUTES[id];
  return callRoute(handler, {
    method,
    path: path.replace(/\{(\w+)\}/g, (_, name: string) => call.params[name]),
    params: path.includes("{") ? call.params : {},
    key: call.key,
    body: body?.({ target: call.target }),
    ip: call.ip,
  });
}

/** What another account holds that the path names: made there, read back to show nothing changed. */
async function victimSubject(id: KeyOperationId, owner: User, accountId: string, actor: Actor) {
  const subject = KEY_ROUTES[id].subject;
  if (subject) {
    const params = await subject.make(owner, accountId);
    return { params, read: () => subject.read(params, accountId), notFoundMessage: subject.notFoundMessage };
  }
  const key = await createKey(actor, accountId, createKeyInput({ name: "Victim key", scopes: [NO_API_SCOPE] }));
  const ref = { keyId: key.key.id, accountId };
  return { params: { id: key.key.id }, read: () => findKeyForAccount(ref), notFoundMessage: "Key not found." };
}

const keyOperations = Object.keys(KEY_ROUTES) as KeyOperationId[];

/** Every row of an account a refused call must leave as it was: its keys' and its webhooks'. */
async function rowCountsFor({ accountId }: { accountId: string }) {
  return { ...(await keyRowCountsFor({ accountId })), ...(await webhookRowCountsFor(accountId)) };
}

for (const [index, id] of keyOperations.entries()) {
  const { method, path, scopes, success } = API_OPERATIONS[id];

  describe(`${method.toUpperCase()} /api/v1${path} (${id})`, () => {
    // Enough scopes to pass the gate (the operation's own) and to reach the target key and grant the body's scope:
    // a key can only change, roll or grant what it holds itself.
    const sufficient = [...scopes, NO_API_SCOPE];

    it("no key: 401 missing_key, with WWW-Authenticate", async () => {
      const { target, params } = await ownerWith(id, sufficient);
      const { status, body, headers } = await callOperation(id, { params, target });
      expect({ status, body }).toEqual({ status: 401, body: { error: { code: "missing_key", message: expect.any(String) } } });
      expect(headers.get("www-authenticate")).toContain("Bearer");
    });

    it("a malformed or unknown key: 401 invalid_key", async () => {
      const { target, params } = await ownerWith(id, sufficient);
      // An address of its own per operation, so that these failures never add up to the failed-authentication throttle.
      const ip = `198.51.100.${100 + index}`;
      for (const key of ["lk_live_not-a-key", generateKey("lk", "live").secret]) {
        const { status, body, headers } = await callOperation(id, { key, params, target, ip });
        expect({ key, status, body }).toEqual({
          key,
          status: 401,
          body: { error: { code: "invalid_key", message: expect.any(String) } },
        });
        expect(headers.get("www-authenticate")).toContain("invalid_token");
      }
    });

    if (scopes.length > 0) {
      it(`a key without ${scopes.join(", ")}: 403 insufficient_scope, and nothing changes`, async () => {
        for (const missing of scopes) {
          // Every other scope a client may hold, so that only the missing one can be the reason.
          const others = [...BUILT_IN_SCOPES, NO_API_SCOPE].filter((scope) => scope !== missing && !adminOnlyScopes.has(scope));
          const { owner, caller, target, params } = await ownerWith(id, others);
          const before = await rowCountsFor({ accountId: owner.id });
          const { status, body } = await callOperation(id, { key: caller.secret, params, target });
          expect({ missing, status, body }).toEqual({
            missing,
            status: 403,
            body: { error: { code: "insufficient_scope", message: `This key lacks the "${missing}" scope.` } },
          });
          expect(await rowCountsFor({ accountId: owner.id })).toEqual(before);
        }
      });
    } else {
      it(`needs no scope: a key with none of the API's scopes is answered ${success.status}`, async () => {
        const { caller, target, params } = await ownerWith(id, sufficient);
        const { status } = await callOperation(id, { key: caller.secret, params, target });
        expect(status).toBe(success.status);
      });
    }

    if (path.includes("{id}")) {
      it("another owner's id: 404 not_found, and that owner sees nothing changed", async () => {
        const victim = await createUser();
        const theirs = await victimSubject(id, victim, victim.id, actorOf(victim));
        const before = { rows: await rowCountsFor({ accountId: victim.id }), subject: await theirs.read() };

        const intruder = await ownerWith(id, sufficient);
        const { status, body } = await callOperation(id, {
          key: intruder.caller.secret,
          params: theirs.params,
          target: intruder.target,
        });
        expect({ status, body }).toEqual({
          status: 404,
          body: { error: { code: "not_found", message: theirs.notFoundMessage } },
        });
        expect({ rows: await rowCountsFor({ accountId: victim.id }), subject: await theirs.read() }).toEqual(before);
      });

      it("an id of another account the caller's own person belongs to: 404, nothing changed", async () => {
        // The same person owns both accounts; a key acts for its own account only, never for its creator.
        const caller = await ownerWith(id, sufficient);
        const { account, actor } = await organizationOf(caller.owner);
        const theirs = await victimSubject(id, caller.owner, account.id, actor);
        const before = { rows: await rowCountsFor({ accountId: account.id }), subject: await theirs.read() };
        const { status } = await callOperation(id, { key: caller.caller.secret, params: theirs.params, target: caller.target });
        expect(status).toBe(404);
        expect({ rows: await rowCountsFor({ accountId: account.id }), subject: await theirs.read() }).toEqual(before);
      });
    }

    it("over the key's rate limit: 429 rate_limited, with Retry-After", async () => {
      const { caller, target, params } = await ownerWith(id, sufficient, { rateLimit: 1, rateLimitWindow: "hour" });
      const call = () => callOperation(id, { key: caller.secret, params, target });
      // The first call succeeds, which shows the request itself is one the route accepts.
      expect((await call()).status).toBe(success.status);
      const { status, body, headers } = await call();
      expect({ status, body }).toEqual({ status: 429, body: { error: { code: "rate_limited", message: expect.any(String) } } });
      const retryAfter = Number(headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(headers.get("ratelimit-policy")).toBe('"key";q=1;w=3600');
    });
  });
}

describe("the table of key-authenticated routes (support/api-routes.ts)", () => {
  it("has an entry for every operation in API_OPERATIONS that needs a key, and for no other", () => {
    const needingKey = Object.entries(API_OPERATIONS)
      .filter(([, operation]) => operation.auth === "key")
      .map(([id]) => id);
    expect(needingKey.length).toBeGreaterThan(0);
    expect([...keyOperations].sort()).toEqual([...needingKey].sort());
  });

  it("maps each operation to the handler its route file exports for the operation's method", async () => {
    for (const id of keyOperations) {
      const { method, path } = API_OPERATIONS[id];
      const file = fileURLToPath(
        new URL(`../../../../app/api/v1${path.replace(/\{(\w+)\}/g, "[$1]")}/route.ts`, import.meta.url),
      );
      const routeModule: Record<string, unknown> = await import(/* @vite-ignore */ file);
      expect({ id, method: KEY_ROUTES[id].method }).toEqual({ id, method: method.toUpperCase() });
      expect(KEY_ROUTES[id].handler, `${id}: ${method.toUpperCase()} of ${file}`).toBe(routeModule[method.toUpperCase()]);
    }
  });
});
