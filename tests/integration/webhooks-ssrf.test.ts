import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { webhookAttempts, webhookDeliveries } from "@/db/schema";
import { dispatchEvents } from "@/lib/events/dispatch";
import { createKey } from "@/lib/keys/lifecycle";
import { createEndpoint } from "@/lib/webhooks/endpoints";
import { sendWebhooksSoon } from "@/lib/webhooks/sender";
import { createWebhookSchema } from "@/lib/validations/webhook";
import { actorOf, createKeyInput, createUser } from "../support/factories";
import { startReceiver } from "../support/webhook-receiver";
import { setUpOwnDatabase } from "../support/own-database";

// A database of its own on Postgres: another file's dispatcher would take this file's events, and its sender, under
// that process's own address rules (some tests count loopback as public), would deliver them.
setUpOwnDatabase();

// The setting unset, on either database and with the demo running: no private target at all. Loopback (where a
// receiver really listens), link-local (the cloud's metadata service), the private ranges, IPv6 forms that carry one
// of those IPv4 addresses and a name that resolves to loopback are all refused before any connection; only the demo
// receiver's exact URL gets through, and its reply's body is not kept.
delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
process.env.SEED_DEMO = "1";
// Generous: every refusal comes before any connection, and a busy machine must not turn one into a timeout.
process.env.WEBHOOK_TIMEOUT_MS = "10000";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
  // The demo receiver is http://127.0.0.1:$PORT/demo-upstream/webhooks: here, the test's receiver.
  process.env.PORT = String(receiver.port);
});
afterAll(async () => {
  await sendWebhooksSoon.settled();
  await receiver.close();
});

describe("webhook targets that are not public", () => {
  it("are refused, and nothing reaches them", async () => {
    const owner = await createUser();
    const targets = [
      receiver.url,
      `http://localhost:${receiver.port}/hooks`,
      `http://[::1]:${receiver.port}/hooks`,
      `http://[::ffff:127.0.0.1]:${receiver.port}/hooks`,
      // IPv4-compatible, IPv4-translated and NAT64 forms of loopback, link-local and private addresses.
      `http://[::7f00:1]:${receiver.port}/hooks`,
      "http://[::a9fe:a9fe]/latest/meta-data/",
      `http://[::ffff:0:7f00:1]:${receiver.port}/hooks`,
      `http://[64:ff9b::7f00:1]:${receiver.port}/hooks`,
      "http://[64:ff9b::a00:1]/hooks",
      // Near the demo receiver's URL is not it.
      `http://127.0.0.1:${receiver.port}/demo-upstream/webhooks?x=1`,
      `http://localhost:${receiver.port}/demo-upstream/webhooks`,
      `http://127.0.0.1:${receiver.port}/demo-upstream/other`,
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/hooks",
      "http://192.168.1.1/hooks",
    ];
    const endpoints = [];
    for (const url of targets) {
      endpoints.push(
        (await createEndpoint(actorOf(owner), { accountId: owner.id }, createWebhookSchema.parse({ url }))).endpoint,
      );
    }
    await createKey(actorOf(owner), owner.id, createKeyInput());
    while ((await dispatchEvents()) > 0) {
      // until nothing waits
    }
    await sendWebhooksSoon.settled();
    expect(receiver.received).toEqual([]);
    const db = await getDb();
    for (const endpoint of endpoints) {
      const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
      expect({ url: endpoint.url, status: delivery.status, error: delivery.lastError }).toEqual({
        url: endpoint.url,
        status: "pending",
        error: expect.stringContaining("may not reach"),
      });
      const attempts = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery.id));
      expect(attempts).toEqual([
        expect.objectContaining({ responseStatus: null, error: expect.stringContaining("may not reach") }),
      ]);
    }
  });

  it("let the demo receiver's exact URL through while the demo runs, keeping the answer's status but not its body", async () => {
    const owner = await createUser();
    const url = `http://127.0.0.1:${receiver.port}/demo-upstream/webhooks`;
    const { endpoint } = await createEndpoint(actorOf(owner), { accountId: owner.id }, createWebhookSchema.parse({ url }));
    receiver.answer.body = "an internal service's secret reply";
    const before = receiver.received.length;
    await createKey(actorOf(owner), owner.id, createKeyInput());
    while ((await dispatchEvents()) > 0) {
      // until nothing waits
    }
    await sendWebhooksSoon.settled();
    await receiver.waitFor(before + 1);
    const db = await getDb();
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(delivery).toMatchObject({ status: "succeeded", lastResponseStatus: 200, lastResponseBody: null });
    const attempts = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery.id));
    expect(attempts).toEqual([expect.objectContaining({ responseStatus: 200, responseBody: null })]);
  });
});
