import { afterAll, describe, expect, it, vi } from "vitest";
import { attemptsOf, findDelivery, listDeliveriesPage, requeueDelivery } from "@/db/queries/webhooks";
import { getDb } from "@/db";
import { createEndpoint, sendTestMessage } from "@/lib/webhooks/endpoints";
import { sendDueWebhooks, sendWebhooksSoon } from "@/lib/webhooks/sender";
import { createWebhookSchema } from "@/lib/validations/webhook";
import { actorOf, adminActorOf, createUser } from "../support/factories";
import { deniedAttempts } from "../support/inspect";

// Another owner's endpoint or delivery, read from the dashboard or named to the delivery queries: nothing found, and
// a read through the dashboard leaves `webhook.view.denied` in the reader's trail.
vi.mock("next/headers", () => ({ headers: vi.fn(async () => new Headers()) }));
const { webhookDetail } = await import("@/app/(dashboard)/webhooks/detail-data");

// Deliveries these cause are refused (loopback, not allowed) and never connect.
const input = createWebhookSchema.parse({ url: "http://127.0.0.1:9/hooks" });

afterAll(async () => {
  await sendWebhooksSoon.settled();
});

async function endpointWithDelivery() {
  const owner = await createUser();
  const { endpoint } = await createEndpoint(actorOf(owner), { accountId: owner.id }, input);
  const delivery = await sendTestMessage(actorOf(owner), { accountId: owner.id }, endpoint.id);
  await sendWebhooksSoon.settled();
  await sendDueWebhooks(undefined, [endpoint.id]);
  return { owner, endpoint, delivery };
}

describe("another owner's webhook endpoint", () => {
  it("is not found on the dashboard's endpoint page, and the attempt is audited", async () => {
    const theirs = await endpointWithDelivery();
    const me = await createUser();
    const mine = await createEndpoint(actorOf(me), { accountId: me.id }, input);
    expect(await webhookDetail(actorOf(me), mine.endpoint.id, { accountId: me.id }, undefined, "/webhooks")).toMatchObject({
      endpoint: { id: mine.endpoint.id },
    });
    expect(await deniedAttempts(me.id)).toEqual([]);
    expect(await webhookDetail(actorOf(me), theirs.endpoint.id, { accountId: me.id }, undefined, "/webhooks")).toBeNull();
    // An admin's platform-wide view does not reach an account's endpoint either.
    const admin = await createUser({ role: "admin" });
    expect(
      await webhookDetail(adminActorOf(admin), theirs.endpoint.id, { accountId: null }, undefined, "/admin/webhooks"),
    ).toBeNull();
    expect((await deniedAttempts(me.id)).map((row) => [row.action, row.changes])).toEqual([
      ["webhook.view.denied", expect.objectContaining({ reason: { to: "not_found" }, endpoint: { to: theirs.endpoint.id } })],
    ]);
    expect((await deniedAttempts(admin.id)).map((row) => row.action)).toEqual(["webhook.view.denied"]);
  });

  it("has deliveries and attempts the delivery queries find only for its owner", async () => {
    const { owner, endpoint, delivery } = await endpointWithDelivery();
    const stranger = { accountId: (await createUser()).id };
    const platform = { accountId: null };
    const own = { accountId: owner.id };
    expect((await listDeliveriesPage(own, endpoint.id, { limit: 10 })).deliveries.map((row) => row.id)).toEqual([delivery.id]);
    expect(await findDelivery(own, endpoint.id, delivery.id)).toMatchObject({ id: delivery.id });
    expect(await attemptsOf(own, [delivery.id])).toHaveLength(1);
    for (const owner of [stranger, platform]) {
      expect(await listDeliveriesPage(owner, endpoint.id, { limit: 10 })).toEqual({ deliveries: [], nextAfter: null });
      expect(await findDelivery(owner, endpoint.id, delivery.id)).toBeNull();
      expect(await attemptsOf(owner, [delivery.id])).toEqual([]);
      expect(await requeueDelivery(await getDb(), owner, endpoint.id, delivery.id, new Date())).toBeNull();
    }
    expect(await findDelivery(own, endpoint.id, delivery.id)).toMatchObject({ attempts: 1 });
  });
});
