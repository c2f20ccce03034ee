import { describe, expect, it } from "vitest";
import { POST as createKeyRoute, GET as listKeys } from "@/app/api/v1/keys/route";
import { POST as rollKeyRoute } from "@/app/api/v1/keys/[id]/roll/route";
import { GET as getMe } from "@/app/api/v1/me/route";
import { POST as createWebhookRoute } from "@/app/api/v1/webhooks/route";
import { listScopes } from "@/db/queries/scopes";
import { API_OPERATIONS } from "@/lib/api/operations";
import { rollKey } from "@/lib/keys/lifecycle";
import { verifyKey } from "@/lib/keys/verify";
import { BUILT_IN_SCOPES } from "@/lib/scopes";
import { callRoute } from "../../../support/api";
import { KEY_ROUTES, type KeyOperationId } from "../../../support/api-routes";
import { actorOf, apiKeyFor, createUser } from "../../../support/factories";
import { deniedAttempts, rowCountsFor, webhookRowCountsFor } from "../../../support/inspect";

// A key rolled with a grace keeps its old secret working until the grace ends, so that its services can be moved
// without an outage. That secret may have leaked (a leak report under the roll policy leaves it working for minutes):
// it may read and be verified, but never make, change or roll a key or a webhook endpoint (403 retiring_secret).

const RETIRING = {
  status: 403,
  body: { error: { code: "retiring_secret", message: "This secret is being retired; use the key's current secret." } },
};
const NOWHERE = "http://127.0.0.1:9/retiring-secret";
const newKeyBody = { name: "Minted", scopes: ["payments:read"], environment: "live", rateLimit: 60, rateLimitWindow: "minute" };

async function everything(accountId: string) {
  return { ...(await rowCountsFor({ accountId })), ...(await webhookRowCountsFor(accountId)) };
}

/** An owner's key with these scopes, rolled by its own API call with a day's grace: its old and its current secret. */
async function rolledWithGrace(scopes: string[], owner?: Awaited<ReturnType<typeof createUser>>) {
  const who = owner ?? (await createUser());
  const issued = await apiKeyFor(who, scopes);
  const { status, body } = await callRoute(rollKeyRoute, {
    method: "POST",
    path: `/keys/${issued.key.id}/roll`,
    params: { id: issued.key.id },
    key: issued.secret,
    body: { grace: "24h" },
  });
  expect(status).toBe(200);
  return { owner: who, key: issued.key, old: issued.secret, current: body.secret as string };
}

describe("a secret being retired (an old one in its grace)", () => {
  it("still reads, but gets 403 retiring_secret for creating a key, rolling one or registering a webhook; the current secret can", async () => {
    const { owner, key, old, current } = await rolledWithGrace(["keys:read", "keys:write", "webhooks:manage", "payments:read"]);
    expect((await verifyKey(old)).valid).toBe(true);

    const me = await callRoute(getMe, { path: "/me", key: old });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(key.id);
    expect((await callRoute(listKeys, { path: "/keys", key: old })).status).toBe(200);

    const before = await everything(owner.id);
    const attempts = {
      create: () => callRoute(createKeyRoute, { method: "POST", path: "/keys", key: old, body: newKeyBody }),
      roll: () =>
        callRoute(rollKeyRoute, {
          method: "POST",
          path: `/keys/${key.id}/roll`,
          params: { id: key.id },
          key: old,
          body: { grace: "7d" },
        }),
      webhook: () => callRoute(createWebhookRoute, { method: "POST", path: "/webhooks", key: old, body: { url: NOWHERE } }),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      const { status, body, headers } = await attempt();
      expect({ name, status, body }).toEqual({ name, ...RETIRING });
      // Authenticated, so the rate limit is reported; a refusal uses none of it.
      expect(headers.get("ratelimit")).toMatch(/^"key";r=\d+;t=\d+$/);
    }
    // Nothing made, nothing rolled: the old secret still ends when the owner's roll said, the current one is still it.
    expect(await everything(owner.id)).toEqual(before);
    expect((await verifyKey(current)).valid).toBe(true);

    // Audited like a refusal for a scope: one row per action, with the reason and when the secret ends.
    const denied = await deniedAttempts(owner.id);
    expect(denied.map((row) => row.action).sort()).toEqual(["key.create.denied", "key.roll.denied", "webhook.create.denied"]);
    const oldRecord = await verifyKey(old);
    const endsAt = oldRecord.valid ? oldRecord.record.secretExpiresAt : null;
    expect(endsAt).toBeInstanceOf(Date);
    for (const row of denied) {
      expect(row.actorKeyId).toBe(key.id);
      expect(row.changes).toMatchObject({
        reason: { to: "retiring_secret" },
        secretEndsAt: { to: endsAt?.toISOString() },
      });
      expect(JSON.stringify(row)).not.toContain(old);
    }

    // The key's current secret may do all three.
    const created = await callRoute(createKeyRoute, { method: "POST", path: "/keys", key: current, body: newKeyBody });
    expect(created.status).toBe(201);
    const hooked = await callRoute(createWebhookRoute, {
      method: "POST",
      path: "/webhooks",
      key: current,
      body: { url: NOWHERE },
    });
    expect(hooked.status).toBe(201);
    const rolled = await callRoute(rollKeyRoute, {
      method: "POST",
      path: `/keys/${key.id}/roll`,
      params: { id: key.id },
      key: current,
      body: { grace: "1h" },
    });
    expect(rolled.status).toBe(200);
  });

  it("is refused every operation lib/api/operations.ts marks, and nothing else", async () => {
    // An admin's key with every scope, so that only the secret can be the reason for a refusal.
    const admin = await createUser({ role: "admin" });
    const adminOnly = new Set((await listScopes()).filter((scope) => scope.adminOnly).map((scope) => scope.name));
    expect(adminOnly.size).toBeGreaterThan(0);
    const { owner, old } = await rolledWithGrace([...BUILT_IN_SCOPES, "payments:read"], admin);
    const target = await apiKeyFor(owner, ["payments:read"]);

    const ids = Object.keys(KEY_ROUTES) as KeyOperationId[];
    const refused = ids.filter((id) => (API_OPERATIONS[id] as { retiringSecret?: string }).retiringSecret === "refused");
    expect(refused.sort()).toEqual(
      [
        "createKey",
        "updateKey",
        "rollKey",
        "disableKey",
        "enableKey",
        "endKeyGrace",
        "revokeKey",
        "createWebhook",
        "updateWebhook",
        "deleteWebhook",
        "rollWebhookSecret",
        "testWebhook",
        "resendWebhookDelivery",
        // A template grants nothing itself, but the next key made from it would carry what a leaked secret put there.
        "createTemplate",
        "updateTemplate",
        "deleteTemplate",
      ].sort(),
    );

    for (const id of ids) {
      const { path, success } = API_OPERATIONS[id];
      const { method, handler, body, subject } = KEY_ROUTES[id];
      const params = subject ? await subject.make(owner, owner.id) : { id: target.key.id };
      const before = await everything(owner.id);
      const answer = await callRoute(handler, {
        method,
        path: path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]),
        params: path.includes("{") ? params : {},
        key: old,
        body: body?.({ target }),
      });
      if (refused.includes(id)) {
        expect({ id, status: answer.status, body: answer.body }).toEqual({ id, ...RETIRING });
        expect({ id, rows: await everything(owner.id) }).toEqual({ id, rows: before });
      } else {
        expect({ id, status: answer.status }).toEqual({ id, status: success.status });
      }
    }
  });

  it("is told insufficient_scope first when its key lacks the scope anyway", async () => {
    const { old } = await rolledWithGrace(["keys:read", "keys:write"]);
    const { status, body } = await callRoute(createWebhookRoute, {
      method: "POST",
      path: "/webhooks",
      key: old,
      body: { url: NOWHERE },
    });
    expect({ status, code: body.error.code }).toEqual({ status: 403, code: "insufficient_scope" });
  });

  it("a key rolled without a grace has no retiring secret: its new secret is its current one", async () => {
    const owner = await createUser();
    const issued = await apiKeyFor(owner, ["keys:write", "payments:read"]);
    const { secret } = await rollKey(actorOf(owner), { keyId: issued.key.id, accountId: owner.id }, "now");
    const created = await callRoute(createKeyRoute, { method: "POST", path: "/keys", key: secret, body: newKeyBody });
    expect(created.status).toBe(201);
    expect((await callRoute(getMe, { path: "/me", key: issued.secret })).status).toBe(401);
  });
});
