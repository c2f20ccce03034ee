import { describe, expect, it } from "vitest";
import { GET as listWebhooks, POST as createWebhook } from "@/app/api/v1/webhooks/route";
import { GET as getWebhook, PATCH as patchWebhook } from "@/app/api/v1/webhooks/[id]/route";
import { POST as testWebhook } from "@/app/api/v1/webhooks/[id]/test/route";
import { GET as listDeliveries } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { POST as resend } from "@/app/api/v1/webhooks/[id]/deliveries/[deliveryId]/resend/route";
import { listEndpoints } from "@/db/queries/webhooks";
import { MAX_ENDPOINTS_PER_OWNER } from "@/lib/webhooks/endpoints";
import { callRoute } from "../../../support/api";
import { apiKeyFor, createUser } from "../../../support/factories";
import { deniedAttempts } from "../../../support/inspect";

// What the webhook operations refuse. Deliveries these cause go to a port nothing listens on.
const URL_OK = "https://hooks.example.com/latchkey";

async function manager() {
  const owner = await createUser();
  const { secret } = await apiKeyFor(owner, ["webhooks:manage"]);
  return { owner, key: secret };
}

function create(key: string, body: unknown) {
  return callRoute(createWebhook, { method: "POST", path: "/webhooks", key, body });
}

describe("POST /api/v1/webhooks refuses hostile input, naming the field, and makes nothing", () => {
  it.each([
    ["not a URL", { url: "not a url" }, "url"],
    ["another scheme", { url: "ftp://example.com/hook" }, "url"],
    ["javascript:", { url: "javascript:alert(1)" }, "url"],
    ["a file URL", { url: "file:///etc/passwd" }, "url"],
    ["credentials in the URL", { url: "https://user:pass@example.com/hook" }, "url"],
    ["a URL over 2,000 characters", { url: `https://example.com/${"a".repeat(2_000)}` }, "url"],
    ["a NUL in the URL", { url: "https://example.com/\u0000hook" }, "url"],
    ["a huge description", { url: URL_OK, description: "d".repeat(100_000) }, null],
    ["a long description", { url: URL_OK, description: "d".repeat(501) }, "description"],
    ["a NUL in the description", { url: URL_OK, description: "Billing\u0000" }, "description"],
    ["an unknown event type", { url: URL_OK, eventTypes: ["key.made_up"] }, "eventTypes.0"],
    ["event types that are no list", { url: URL_OK, eventTypes: "key.created" }, "eventTypes"],
    ["an unknown field", { url: URL_OK, secret: "whsec_mine" }, "secret"],
    ["no URL", { description: "x" }, "url"],
  ])("%s", async (_, body, field) => {
    const { key } = await manager();
    const { status, body: answer } = await create(key, body);
    if (field === null) {
      // Over the API's 16 KiB body limit: refused before it is parsed.
      expect(status).toBe(413);
    } else {
      expect(status).toBe(400);
      expect(answer.error.code).toBe("validation_failed");
      expect(answer.error.details.map((detail: { path: string }) => detail.path)).toContain(field);
    }
    expect((await callRoute(listWebhooks, { path: "/webhooks", key })).body.data).toEqual([]);
  });

  it(`allows at most ${MAX_ENDPOINTS_PER_OWNER} endpoints per account (409)`, async () => {
    const { key } = await manager();
    for (let i = 0; i < MAX_ENDPOINTS_PER_OWNER; i++) expect((await create(key, { url: `${URL_OK}/${i}` })).status).toBe(201);
    const { status, body } = await create(key, { url: URL_OK });
    expect({ status, code: body.error.code }).toEqual({ status: 409, code: "conflict" });
  });

  it("holds the cap against creates at once: only as many as fit are made", async () => {
    const { owner, key } = await manager();
    for (let i = 0; i < MAX_ENDPOINTS_PER_OWNER - 2; i++) expect((await create(key, { url: `${URL_OK}/${i}` })).status).toBe(201);
    const statuses = (await Promise.all(Array.from({ length: 6 }, (_, i) => create(key, { url: `${URL_OK}/at-once/${i}` })))).map(
      (answer) => answer.status,
    );
    expect(statuses.sort()).toEqual([201, 201, 409, 409, 409, 409]);
    expect(await listEndpoints({ accountId: owner.id })).toHaveLength(MAX_ENDPOINTS_PER_OWNER);
  });
});

describe("the webhook operations on one endpoint", () => {
  it("refuse a patch with a bad field, and test-sends and resends to a disabled endpoint (409)", async () => {
    const { key } = await manager();
    const { endpoint } = (await create(key, { url: URL_OK })).body;
    const params = { id: endpoint.id };
    const patch = (body: unknown) =>
      callRoute(patchWebhook, { method: "PATCH", path: `/webhooks/${endpoint.id}`, params, key, body });
    expect((await patch({ url: "http://[::1" })).status).toBe(400);
    expect((await patch({ enabled: "yes" })).status).toBe(400);
    expect((await patch({ eventTypes: ["webhook.test"] })).status).toBe(400);
    const test = await callRoute(testWebhook, { method: "POST", path: `/webhooks/${endpoint.id}/test`, params, key });
    expect(test.status).toBe(201);
    expect((await patch({ enabled: false })).status).toBe(200);
    const again = await callRoute(testWebhook, { method: "POST", path: `/webhooks/${endpoint.id}/test`, params, key });
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: "conflict" });
    const resent = await callRoute(resend, {
      method: "POST",
      path: `/webhooks/${endpoint.id}/deliveries/${test.body.id}/resend`,
      params: { id: endpoint.id, deliveryId: test.body.id },
      key,
    });
    expect(resent.status).toBe(409);
  });

  it("answer 404 for a malformed id, another account's endpoint or delivery, and audit the attempts on another's", async () => {
    const mine = await manager();
    const theirs = await manager();
    const own = (await create(mine.key, { url: URL_OK })).body.endpoint;
    const other = (await create(theirs.key, { url: URL_OK })).body.endpoint;
    const otherTest = await callRoute(testWebhook, {
      method: "POST",
      path: `/webhooks/${other.id}/test`,
      params: { id: other.id },
      key: theirs.key,
    });
    for (const id of ["not-a-uuid", other.id]) {
      const { status, body } = await callRoute(testWebhook, {
        method: "POST",
        path: `/webhooks/${id}/test`,
        params: { id },
        key: mine.key,
      });
      expect({ status, body }).toEqual({
        status: 404,
        body: { error: { code: "not_found", message: "Webhook endpoint not found." } },
      });
    }
    // Their delivery under my endpoint: not found either.
    const crossed = await callRoute(resend, {
      method: "POST",
      path: `/webhooks/${own.id}/deliveries/${otherTest.body.id}/resend`,
      params: { id: own.id, deliveryId: otherTest.body.id },
      key: mine.key,
    });
    expect(crossed.status).toBe(404);
    expect((await deniedAttempts(mine.owner.id)).map((row) => row.action)).toEqual([
      "webhook.test.denied",
      "webhook.resend.denied",
    ]);
    // Their delivery log cannot be read, nor paged into with their delivery as a cursor.
    const log = await callRoute(listDeliveries, {
      path: `/webhooks/${other.id}/deliveries`,
      params: { id: other.id },
      key: mine.key,
    });
    expect(log.status).toBe(404);
    const paged = await callRoute(listDeliveries, {
      path: `/webhooks/${own.id}/deliveries?cursor=${otherTest.body.id}`,
      params: { id: own.id },
      key: mine.key,
    });
    expect(paged.body).toEqual({ data: [], nextCursor: null });
    const bad = await callRoute(listDeliveries, {
      path: `/webhooks/${own.id}/deliveries?limit=0`,
      params: { id: own.id },
      key: mine.key,
    });
    expect(bad.status).toBe(400);
  });

  it("answer 404 to a read of another account's endpoint or its delivery log, and audit each attempt", async () => {
    const mine = await manager();
    const theirs = await manager();
    const other = (await create(theirs.key, { url: URL_OK })).body.endpoint;
    const read = await callRoute(getWebhook, { path: `/webhooks/${other.id}`, params: { id: other.id }, key: mine.key });
    expect({ status: read.status, body: read.body }).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: "Webhook endpoint not found." } },
    });
    const log = await callRoute(listDeliveries, {
      path: `/webhooks/${other.id}/deliveries`,
      params: { id: other.id },
      key: mine.key,
    });
    expect(log.status).toBe(404);
    expect((await deniedAttempts(mine.owner.id)).map((row) => row.action)).toEqual([
      "webhook.view.denied",
      "webhook.view.denied",
    ]);
    expect(await deniedAttempts(theirs.owner.id)).toEqual([]);
  });
});
