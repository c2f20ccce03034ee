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

// The setting says no private target at all: loopback (where a receiver really listens), link-local (the cloud's
// metadata service), the private ranges and a name that resolves to loopback are all refused before any connection.
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "0";
process.env.WEBHOOK_TIMEOUT_MS = "2000";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
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
});
