import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { leaseDueDeliveries } from "@/db/queries/webhooks";
import { events, notifications, webhookAttempts, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { dispatchEvents } from "@/lib/events/dispatch";
import { recordEvent } from "@/lib/events/record";
import { createKey, revokeKey } from "@/lib/keys/lifecycle";
import { createEndpoint, resendDelivery, rollEndpointSecret, updateEndpoint } from "@/lib/webhooks/endpoints";
import { RETRY_AFTER_SECONDS, MAX_ATTEMPTS } from "@/lib/webhooks/schedule";
import { sendDueWebhooks, sendWebhooksSoon } from "@/lib/webhooks/sender";
import { pruneDeliveryLog } from "@/lib/webhooks/retention";
import { sendTestMessage } from "@/lib/webhooks/endpoints";
import { createWebhookSchema } from "@/lib/validations/webhook";
import { actorOf, adminActorOf, createKeyInput, createUser } from "../support/factories";
import { allRowsAsText, deniedAttempts, tablesContainingAnyPart } from "../support/inspect";
import { startReceiver } from "../support/webhook-receiver";
import { setUpOwnDatabase } from "../support/own-database";

// A database of its own on Postgres: another file's dispatcher would take this file's events, and its sender, under
// that process's own address rules (some tests count loopback as public), would deliver them.
setUpOwnDatabase();

// Deliveries to a real receiver on loopback, which this file allows (the default allows loopback only on the
// embedded database; webhooks-ssrf.test.ts checks the refusal). On PostgreSQL every integration file shares one
// database: the senders called here take only this file's endpoints' deliveries, so that time passed in for them
// never moves another file's.
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "127.0.0.0/8";
// The receiver listens on loopback, but stands for a public one here: a target that is not public never has its reply
// kept (webhooks-ssrf.test.ts checks that), and this file checks what is kept of a public one's.
vi.mock("@/lib/infra/outbound-address", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/infra/outbound-address")>()),
  isPublicAddress: () => true,
}));
process.env.WEBHOOK_TIMEOUT_MS = "1000";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await sendWebhooksSoon.settled();
  await receiver.close();
});

async function dispatchAndSend() {
  while ((await dispatchEvents()) > 0) {
    // until nothing waits
  }
  await sendWebhooksSoon.settled();
}

async function deliveriesOf(endpointId: string) {
  const db = await getDb();
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(webhookDeliveries.createdAt);
}

async function endpointRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row;
}

const input = (overrides: Record<string, unknown> = {}) => createWebhookSchema.parse({ url: receiver.url, ...overrides });

/** A key.created delivery queued for `endpointId` by hand, as the dispatcher would (next_attempt_at: the default). */
async function queueDelivery(endpointId: string, accountId: string, overrides: { nextAttemptAt?: Date } = {}) {
  const db = await getDb();
  const [queued] = await db
    .insert(webhookDeliveries)
    .values({
      endpointId,
      accountId,
      eventType: "key.created",
      messageId: `msg_${crypto.randomUUID()}`,
      payload: { type: "key.created", timestamp: new Date().toISOString(), data: {} },
      ...overrides,
    })
    .returning();
  return queued!;
}
describe("webhook delivery", () => {
  it("signs each event the Standard Webhooks way: the reference library verifies it with the secret shown once", async () => {
    const owner = await createUser();
    const { endpoint, secret } = await createEndpoint(actorOf(owner), { accountId: owner.id }, input());
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const before = receiver.received.length;
    const { key } = await createKey(actorOf(owner), owner.id, createKeyInput({ name: "Signed" }));
    await dispatchAndSend();
    await receiver.waitFor(before + 1);
    const got = receiver.received.filter((request) => request.body.includes(key.id));
    expect(got).toHaveLength(1);
    const [request] = got;
    const verified = new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as Record<string, never>;
    expect(verified).toMatchObject({
      type: "key.created",
      data: { accountId: owner.id, keyId: key.id, key: { name: "Signed" } },
    });
    expect(request.headers["webhook-id"]).toMatch(/^msg_[0-9a-f-]{36}$/);
    // Another secret does not verify it.
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(request.body, request.headers as never),
    ).toThrow();

    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 1, lastResponseStatus: 200, lastResponseBody: "ok" });
    const db = await getDb();
    const attempts = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery.id));
    expect(attempts).toEqual([
      expect.objectContaining({ attempt: 1, responseStatus: 200, responseBody: "ok", url: receiver.url, error: null }),
    ]);
    expect(attempts[0].requestHeaders["webhook-id"]).toBe(request.headers["webhook-id"]);

    // The secret is stored encrypted only: no table holds it, nor a 12-character piece of its random part.
    const rows = await allRowsAsText();
    expect(tablesContainingAnyPart(rows, secret.slice("whsec_".length), 12)).toEqual([]);
  });

  it("sends only the chosen types, to the account's own endpoints and to platform-wide ones", async () => {
    const owner = await createUser();
    const other = await createUser();
    const admin = await createUser({ role: "admin" });
    const revokedOnly = await createEndpoint(actorOf(owner), { accountId: owner.id }, input({ eventTypes: ["key.revoked"] }));
    const platform = await createEndpoint(adminActorOf(admin), { accountId: null }, input({ eventTypes: ["key.created"] }));
    await createKey(actorOf(owner), owner.id, createKeyInput());
    const { key } = await createKey(actorOf(other), other.id, createKeyInput());
    await revokeKey(actorOf(other), { keyId: key.id, accountId: other.id });
    await dispatchAndSend();
    expect(await deliveriesOf(revokedOnly.endpoint.id)).toEqual([]);
    const platformDeliveries = (await deliveriesOf(platform.endpoint.id)).filter((row) =>
      [owner.id, other.id].includes(row.accountId ?? ""),
    );
    expect(platformDeliveries.map((row) => [row.accountId, row.eventType]).sort()).toEqual(
      [
        [owner.id, "key.created"],
        [other.id, "key.created"],
      ].sort(),
    );
    // The platform-wide endpoint's deliveries fan out over every account; its next test must not inherit them.
    await updateEndpoint(adminActorOf(admin), { accountId: null }, platform.endpoint.id, { enabled: false });
  });

  it("sends the types always delivered (key.leaked) to every endpoint, whatever types it chose", async () => {
    const owner = await createUser();
    const admin = await createUser({ role: "admin" });
    const createdOnly = await createEndpoint(actorOf(owner), { accountId: owner.id }, input({ eventTypes: ["key.created"] }));
    const platform = await createEndpoint(adminActorOf(admin), { accountId: null }, input({ eventTypes: ["key.created"] }));
    const { key } = await createKey(actorOf(owner), owner.id, createKeyInput());
    await recordEvent(await getDb(), {
      accountId: owner.id,
      keyId: key.id,
      type: "key.leaked",
      data: { key: { id: key.id }, source: "test" },
    });
    await dispatchAndSend();
    for (const endpoint of [createdOnly.endpoint, platform.endpoint]) {
      const types = (await deliveriesOf(endpoint.id))
        .filter((row) => row.accountId === owner.id)
        .map((row) => row.eventType)
        .sort();
      expect({ endpoint: endpoint.id, types }).toEqual({ endpoint: endpoint.id, types: ["key.created", "key.leaked"] });
    }
    await updateEndpoint(adminActorOf(admin), { accountId: null }, platform.endpoint.id, { enabled: false });
  });

  it("retries on the schedule, gives up after the last attempt, disables the endpoint and tells its owner", async () => {
    const owner = await createUser();
    const { endpoint } = await createEndpoint(actorOf(owner), { accountId: owner.id }, input());
    receiver.answer.status = 503;
    receiver.answer.body = "x".repeat(5_000);
    try {
      await createKey(actorOf(owner), owner.id, createKeyInput());
      await dispatchAndSend();
      let [delivery] = await deliveriesOf(endpoint.id);
      expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastResponseStatus: 503 });
      // The first answer's body is kept to 2 KB.
      expect(delivery.lastResponseBody).toHaveLength(2_048);

      // Each retry comes when it is due, not before: time is passed in, not waited for.
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        const due = delivery.nextAttemptAt;
        expect(due.getTime() - (delivery.finishedAt ?? delivery.nextAttemptAt).getTime()).toBeGreaterThanOrEqual(0);
        const notYet = await sendDueWebhooks(() => new Date(due.getTime() - 1_000), [endpoint.id]);
        expect(notYet).toEqual({ succeeded: 0, retrying: 0, failed: 0 });
        const result = await sendDueWebhooks(() => due, [endpoint.id]);
        expect(result).toEqual(
          attempt < MAX_ATTEMPTS ? { succeeded: 0, retrying: 1, failed: 0 } : { succeeded: 0, retrying: 0, failed: 1 },
        );
        [delivery] = await deliveriesOf(endpoint.id);
        expect(delivery.attempts).toBe(attempt);
        if (attempt < MAX_ATTEMPTS) {
          expect(delivery.nextAttemptAt.getTime() - due.getTime()).toBe(RETRY_AFTER_SECONDS[attempt - 1] * 1000);
        }
      }
      expect(delivery).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
      const db = await getDb();
      expect(await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery.id))).toHaveLength(
        MAX_ATTEMPTS,
      );

      // No attempt succeeded for over a day: disabled, and a webhook.disabled event tells the account.
      expect(await endpointRow(endpoint.id)).toMatchObject({ enabled: false, disabledReason: "failing" });
      const notices = await db
        .select()
        .from(events)
        .where(and(eq(events.accountId, owner.id), eq(events.type, "webhook.disabled")));
      expect(notices).toHaveLength(1);
      expect(notices[0].data).toMatchObject({ endpoint: { id: endpoint.id, url: receiver.url } });
      await dispatchAndSend();
      const inbox = await db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, owner.id), eq(notifications.eventId, notices[0].id)));
      expect(inbox).toHaveLength(1);
      // Disabled: no more deliveries are queued for it.
      await createKey(actorOf(owner), owner.id, createKeyInput({ name: "After" }));
      await dispatchAndSend();
      expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
    } finally {
      receiver.answer.status = 200;
      receiver.answer.body = "ok";
    }
  });

  it("does not disable an endpoint that failed one message but received another within the day", async () => {
    const owner = await createUser();
    const { endpoint } = await createEndpoint(actorOf(owner), { accountId: owner.id }, input());
    receiver.answer.status = 500;
    try {
      await createKey(actorOf(owner), owner.id, createKeyInput());
      await dispatchAndSend();
      let [delivery] = await deliveriesOf(endpoint.id);
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        if (attempt === MAX_ATTEMPTS - 1) {
          // Some hours before the first message gives up, another reaches the receiver: the run of failures ends.
          receiver.answer.status = 200;
          await createKey(actorOf(owner), owner.id, createKeyInput({ name: "Second" }));
          await dispatchAndSend();
          receiver.answer.status = 500;
        }
        await sendDueWebhooks(() => delivery.nextAttemptAt, [endpoint.id]);
        [delivery] = (await deliveriesOf(endpoint.id)).filter((row) => row.id === delivery.id);
      }
      expect(delivery.status).toBe("failed");
      expect(await endpointRow(endpoint.id)).toMatchObject({ enabled: true, disabledReason: null });
      expect((await deliveriesOf(endpoint.id)).map((row) => row.status).sort()).toEqual(["failed", "succeeded"]);
    } finally {
      receiver.answer.status = 200;
    }
  });

  it("times out a slow receiver (WEBHOOK_TIMEOUT_MS) and retries it", async () => {
    const owner = await createUser();
    const { endpoint } = await createEndpoint(actorOf(owner), { accountId: owner.id }, input());
    receiver.answer.delayMs = 3_000;
    try {
      const started = Date.now();
      await createKey(actorOf(owner), owner.id, createKeyInput());
      await dispatchAndSend();
      expect(Date.now() - started).toBeLessThan(2_900);
      const [delivery] = await deliveriesOf(endpoint.id);
      expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastResponseStatus: null });
      expect(delivery.lastError).toBe("no answer within 1000 ms");
      expect(delivery.lastDurationMs).toBeGreaterThanOrEqual(900);
    } finally {
      receiver.answer.delayMs = 0;
    }
  });

  it("keeps sending to a fast endpoint while endpoints that never answer hold two attempts each at most", async () => {
    const hanging = await startReceiver();
    hanging.answer.delayMs = 10_000;
    try {
      const owner = await createUser();
      const stalled = [];
      for (let n = 0; n < 3; n++) {
        stalled.push(
          (
            await createEndpoint(
              actorOf(owner),
              { accountId: owner.id },
              input({ url: hanging.url, eventTypes: ["key.created"] }),
            )
          ).endpoint,
        );
      }
      const fast = (await createEndpoint(actorOf(owner), { accountId: owner.id }, input({ eventTypes: ["key.created"] })))
        .endpoint;
      // The stalled endpoints' deliveries are older: leased by age alone, they would fill every batch first.
      const message = (endpointId: string, n: number, ageMs: number) => ({
        endpointId,
        accountId: owner.id,
        eventType: "key.created",
        messageId: `msg_${crypto.randomUUID()}`,
        payload: { type: "key.created", timestamp: new Date().toISOString(), data: { n } },
        nextAttemptAt: new Date(Date.now() - ageMs),
      });
      const db = await getDb();
      await db
        .insert(webhookDeliveries)
        .values([
          ...stalled.flatMap((endpoint) => [0, 1, 2, 3].map((n) => message(endpoint.id, n, 60_000))),
          ...[0, 1, 2, 3, 4, 5].map((n) => message(fast.id, n, 30_000)),
        ]);
      const fastBefore = receiver.received.length;
      const started = Date.now();
      const sending = sendDueWebhooks(undefined, [...stalled.map((endpoint) => endpoint.id), fast.id]);
      await receiver.waitFor(fastBefore + 6, 5_000);
      const fastArrivals = receiver.received.slice(fastBefore).map((request) => request.at - started);
      const firstStalled = Math.min(...hanging.received.map((request) => request.at - started));
      // WEBHOOK_TIMEOUT_MS is 1000 here: every fast delivery arrived well before the first stalled attempt gave up.
      expect(Math.max(...fastArrivals) - firstStalled).toBeLessThan(700);
      // Never more than two attempts in flight to one endpoint: 3 × 2 at the hanging receiver in the first round.
      expect(hanging.received.length).toBe(6);
      const result = await sending;
      expect(result).toMatchObject({ succeeded: 6, retrying: 12 });
      expect((await deliveriesOf(fast.id)).map((row) => row.status)).toEqual(Array(6).fill("succeeded"));
      for (const endpoint of stalled)
        await updateEndpoint(actorOf(owner), { accountId: owner.id }, endpoint.id, { enabled: false });
    } finally {
      await hanging.close();
    }
  });

  it("leases a delivery queued at the database's now() even when the app's clock is behind it", async () => {
    const owner = await createUser();
    const { endpoint } = await createEndpoint(actorOf(owner), { accountId: owner.id }, input());
    // next_attempt_at left to its default: the database's now(), as for every delivery the dispatcher queues.
    const queued = await queueDelivery(endpoint.id, owner.id);
    const appClockBehind = new Date(Date.now() - 5_000);
    const leased = await leaseDueDeliveries(1, 60, appClockBehind, [endpoint.id]);
    expect(leased.map((row) => row.id)).toEqual([queued.id]);
    await updateEndpoint(actorOf(owner), { accountId: owner.id }, endpoint.id, { enabled: false });
  });

  it("refuses to resend a delivery while an attempt of it is in flight (409), and changes nothing", async () => {
    const owner = await createUser();
    const { endpoint } = await createEndpoint(actorOf(owner), { accountId: owner.id }, input());
    const queued = await queueDelivery(endpoint.id, owner.id, { nextAttemptAt: new Date(Date.now() - 60_000) });
    const [leased] = await leaseDueDeliveries(1, 60, new Date(), [endpoint.id]);
    expect(leased.id).toBe(queued.id);
    await expect(resendDelivery(actorOf(owner), { accountId: owner.id }, endpoint.id, queued.id)).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("being sent right now"),
    });
    const [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ leaseId: leased.leaseId, attempts: 1 });
    await updateEndpoint(actorOf(owner), { accountId: owner.id }, endpoint.id, { enabled: false });
  });

  it("resends a delivery with the same message id, and signs with a rolled secret from then on", async () => {
    const owner = await createUser();
    const { endpoint, secret } = await createEndpoint(actorOf(owner), { accountId: owner.id }, input());
    const { key } = await createKey(actorOf(owner), owner.id, createKeyInput());
    await dispatchAndSend();
    const [delivery] = await deliveriesOf(endpoint.id);
    const rolled = await rollEndpointSecret(actorOf(owner), { accountId: owner.id }, endpoint.id);
    expect(rolled.secret).not.toBe(secret);
    const before = receiver.received.length;
    await resendDelivery(actorOf(owner), { accountId: owner.id }, endpoint.id, delivery.id);
    await sendWebhooksSoon.settled();
    await receiver.waitFor(before + 1);
    const copies = receiver.received.filter((request) => request.headers["webhook-id"] === delivery.messageId);
    expect(copies).toHaveLength(2);
    const [, resent] = copies;
    expect(resent.body).toContain(key.id);
    expect(() => new Webhook(rolled.secret).verify(resent.body, resent.headers as never)).not.toThrow();
    expect(() => new Webhook(secret).verify(resent.body, resent.headers as never)).toThrow();
    const [again] = await deliveriesOf(endpoint.id);
    expect(again).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("finds nothing of another account's endpoint, and audits the attempt", async () => {
    const owner = await createUser();
    const intruder = await createUser();
    const { endpoint } = await createEndpoint(actorOf(owner), { accountId: owner.id }, input());
    await expect(
      updateEndpoint(actorOf(intruder), { accountId: intruder.id }, endpoint.id, { url: "https://evil.example/" }),
    ).rejects.toMatchObject({ code: "not_found" });
    // Acting on the owner's account as a non-member is refused too.
    await expect(
      updateEndpoint(actorOf(intruder), { accountId: owner.id }, endpoint.id, { url: "https://evil.example/" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect((await endpointRow(endpoint.id)).url).toBe(receiver.url);
    expect((await deniedAttempts(intruder.id)).map((row) => row.action)).toEqual(["webhook.update.denied"]);
    // A client cannot make a platform-wide endpoint.
    await expect(createEndpoint(actorOf(intruder), { accountId: null }, input())).rejects.toMatchObject({ code: "forbidden" });
  });

  it("shares due deliveries between senders running at once: each message is sent once", async () => {
    const owner = await createUser();
    const { endpoint } = await createEndpoint(actorOf(owner), { accountId: owner.id }, input());
    await sendWebhooksSoon.settled();
    const db = await getDb();
    // Queued, then made due only for the senders below (the background sender of each test send is let through first).
    const queued = [];
    for (let i = 0; i < 25; i++) queued.push(await sendTestMessage(actorOf(owner), { accountId: owner.id }, endpoint.id));
    await sendWebhooksSoon.settled();
    await db
      .update(webhookDeliveries)
      .set({ status: "pending", attempts: 0, nextAttemptAt: new Date(0), finishedAt: null })
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    const before = receiver.received.length;
    const mine = [endpoint.id];
    const results = await Promise.all([
      sendDueWebhooks(undefined, mine),
      sendDueWebhooks(undefined, mine),
      sendDueWebhooks(undefined, mine),
    ]);
    // A background sender (an earlier test's retry timer, sendWebhooksSoon) may take a few of them meanwhile: what
    // matters is that every message arrives exactly once, whoever sent it.
    expect(results.reduce((sum, result) => sum + result.succeeded, 0)).toBeLessThanOrEqual(25);
    await sendWebhooksSoon.settled();
    const ids = receiver.received
      .slice(before)
      .filter((request) => request.body.includes(endpoint.id))
      .map((request) => request.headers["webhook-id"]);
    expect(ids).toHaveLength(25);
    expect(new Set(ids)).toEqual(new Set(queued.map((delivery) => delivery.messageId)));
  });

  it("keeps finished deliveries 30 days, and pending ones until they are sent", async () => {
    const owner = await createUser();
    const { endpoint } = await createEndpoint(actorOf(owner), { accountId: owner.id }, input());
    await createKey(actorOf(owner), owner.id, createKeyInput());
    await dispatchAndSend();
    const [done] = await deliveriesOf(endpoint.id);
    expect(done.status).toBe("succeeded");
    const db = await getDb();
    const [waiting] = await db
      .insert(webhookDeliveries)
      .values({
        endpointId: endpoint.id,
        eventType: "webhook.test",
        messageId: "msg_waiting",
        payload: done.payload,
        nextAttemptAt: new Date(Date.now() + 3600_000),
      })
      .returning();
    const in29Days = new Date(Date.now() + 29 * 24 * 3600_000);
    await pruneDeliveryLog(in29Days);
    expect(await deliveriesOf(endpoint.id)).toHaveLength(2);
    await pruneDeliveryLog(new Date(Date.now() + 31 * 24 * 3600_000));
    expect((await deliveriesOf(endpoint.id)).map((row) => row.id)).toEqual([waiting.id]);
    expect(await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, done.id))).toEqual([]);
  });
});
