import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listWebhooks, POST as createWebhook } from "@/app/api/v1/webhooks/route";
import { DELETE as deleteWebhook, GET as getWebhook, PATCH as patchWebhook } from "@/app/api/v1/webhooks/[id]/route";
import { POST as rollSecret } from "@/app/api/v1/webhooks/[id]/roll-secret/route";
import { POST as testWebhook } from "@/app/api/v1/webhooks/[id]/test/route";
import { GET as listDeliveries } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { POST as resend } from "@/app/api/v1/webhooks/[id]/deliveries/[deliveryId]/resend/route";
import { getDb } from "@/db";
import { auditEvents } from "@/db/schema";
import { sendWebhooksSoon } from "@/lib/webhooks/sender";
import { callRoute } from "../../../support/api";
import { apiKeyFor, createUser } from "../../../support/factories";
import { startReceiver } from "../../../support/webhook-receiver";

// The webhook operations of the integrator API, end to end: a key with webhooks:manage registers an endpoint at a real
// receiver, sends it a test message, reads the delivery log and resends.
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "127.0.0.0/8";
// The receiver listens on loopback, but stands for a public one here: a target that is not public never has its reply
// kept (webhooks-ssrf.test.ts checks that), and this file checks what is kept of a public one's.
vi.mock("@/lib/infra/outbound-address", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/infra/outbound-address")>()),
  isPublicAddress: () => true,
}));

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await sendWebhooksSoon.settled();
  await receiver.close();
});

async function manager() {
  const owner = await createUser();
  const { secret } = await apiKeyFor(owner, ["webhooks:manage"]);
  return { owner, key: secret };
}

describe("the webhook operations", () => {
  it("create an endpoint with its secret shown once, and read, change and delete it", async () => {
    const { owner, key } = await manager();
    const created = await callRoute(createWebhook, {
      method: "POST",
      path: "/webhooks",
      key,
      body: { url: receiver.url, description: "  Billing  ", eventTypes: ["key.revoked", "key.created", "key.created"] },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { endpoint, secret } = created.body;
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toEqual({
      id: expect.any(String),
      url: receiver.url,
      description: "Billing",
      eventTypes: ["key.created", "key.revoked"],
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(created.headers.get("location")).toBe(`/api/v1/webhooks/${endpoint.id}`);

    const params = { id: endpoint.id };
    const got = await callRoute(getWebhook, { path: `/webhooks/${endpoint.id}`, params, key });
    expect(got.body).toEqual(endpoint);
    expect(JSON.stringify(got.body)).not.toContain("whsec_");
    const listed = await callRoute(listWebhooks, { path: "/webhooks", key });
    expect(listed.body).toEqual({ data: [endpoint] });

    const patched = await callRoute(patchWebhook, {
      method: "PATCH",
      path: `/webhooks/${endpoint.id}`,
      params,
      key,
      body: { enabled: false, eventTypes: [] },
    });
    expect(patched.body).toMatchObject({ enabled: false, disabledReason: "manual", eventTypes: [] });

    const rolled = await callRoute(rollSecret, { method: "POST", path: `/webhooks/${endpoint.id}/roll-secret`, params, key });
    expect(rolled.status).toBe(200);
    expect(rolled.body.secret).toMatch(/^whsec_/);
    expect(rolled.body.secret).not.toBe(secret);

    const deleted = await callRoute(deleteWebhook, { method: "DELETE", path: `/webhooks/${endpoint.id}`, params, key });
    expect(deleted.status).toBe(200);
    expect((await callRoute(getWebhook, { path: `/webhooks/${endpoint.id}`, params, key })).status).toBe(404);

    // Every change is in the account's trail, and no row of it holds either secret.
    const db = await getDb();
    const trail = await db.select().from(auditEvents).where(eq(auditEvents.accountId, owner.id)).orderBy(auditEvents.id);
    expect(trail.map((row) => row.action).filter((action) => action.startsWith("webhook."))).toEqual([
      "webhook.create",
      "webhook.update",
      "webhook.roll_secret",
      "webhook.delete",
      // The read of the deleted endpoint: not found, and audited like any id that is not the account's.
      "webhook.view.denied",
    ]);
    const text = JSON.stringify(trail);
    expect(text).not.toContain(secret.slice(6, 20));
    expect(text).not.toContain(rolled.body.secret.slice(6, 20));
  });

  it("test-sends, lists the delivery log a page at a time, and resends", async () => {
    const { key } = await manager();
    const created = await callRoute(createWebhook, { method: "POST", path: "/webhooks", key, body: { url: receiver.url } });
    const { endpoint, secret } = created.body;
    const params = { id: endpoint.id };
    const before = receiver.received.length;
    const sent = [];
    for (let i = 0; i < 3; i++) {
      const test = await callRoute(testWebhook, { method: "POST", path: `/webhooks/${endpoint.id}/test`, params, key });
      expect(test.status).toBe(201);
      expect(test.body).toMatchObject({ eventType: "webhook.test", status: "pending", payload: { type: "webhook.test" } });
      sent.push(test.body.id);
    }
    await sendWebhooksSoon.settled();
    await receiver.waitFor(before + 3);
    const mine = receiver.received.filter((request) => request.body.includes(endpoint.id));
    expect(mine).toHaveLength(3);
    for (const request of mine) expect(() => new Webhook(secret).verify(request.body, request.headers as never)).not.toThrow();

    const first = await callRoute(listDeliveries, { path: `/webhooks/${endpoint.id}/deliveries?limit=2`, params, key });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toBe(first.body.data[1].id);
    const second = await callRoute(listDeliveries, {
      path: `/webhooks/${endpoint.id}/deliveries?limit=2&cursor=${first.body.nextCursor}`,
      params,
      key,
    });
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.data, ...second.body.data];
    expect(all.map((delivery: { id: string }) => delivery.id).sort()).toEqual([...sent].sort());
    const [latest] = all;
    expect(latest).toMatchObject({ status: "succeeded", attempts: 1, lastResponseStatus: 200, nextAttemptAt: null });
    expect(latest.attemptLog).toEqual([
      expect.objectContaining({
        attempt: 1,
        responseStatus: 200,
        responseBody: "ok",
        requestHeaders: expect.objectContaining({ "webhook-id": latest.messageId }),
      }),
    ]);

    const resent = await callRoute(resend, {
      method: "POST",
      path: `/webhooks/${endpoint.id}/deliveries/${latest.id}/resend`,
      params: { id: endpoint.id, deliveryId: latest.id },
      key,
    });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ id: latest.id, status: "pending", attempts: 0 });
    await sendWebhooksSoon.settled();
    await receiver.waitFor(before + 4);
    expect(receiver.received.filter((request) => request.headers["webhook-id"] === latest.messageId)).toHaveLength(2);
  });
});
