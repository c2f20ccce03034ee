import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { POST as rollKeyRoute } from "@/app/api/v1/keys/[id]/roll/route";
import { POST as createWebhookRoute } from "@/app/api/v1/webhooks/route";
import { listKeysForAccount } from "@/db/queries/keys";
import { listEndpoints } from "@/db/queries/webhooks";
import { createKey, rollKey } from "@/lib/keys/lifecycle";
import { ALREADY_SUBMITTED } from "@/lib/submissions";
import { verifyKey } from "@/lib/keys/verify";
import { createEndpoint, rollEndpointSecret } from "@/lib/webhooks/endpoints";
import { callRoute } from "../support/api";
import { setUpOwnDatabase } from "../support/own-database";
import { actorOf, adminActorOf, apiKeyFor, createKeyInput, createUser, newKey, ownerWithManagerKey } from "../support/factories";

// A database of its own: the platform-wide endpoint made below would otherwise take a delivery of every event the
// other files record on the shared PostgreSQL database.
setUpOwnDatabase();

// A form that issues a secret carries a token; the command claims it in its transaction, so that a double click or a
// retried request makes one key (or endpoint, or roll), never a second one whose secret nobody sees.

const settled = async <T>(work: Promise<T>[]) => {
  const results = await Promise.allSettled(work);
  return {
    done: results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<T>).value),
    refused: results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as Error),
  };
};

describe("one submission, one secret", () => {
  it("three concurrent submissions of one create form make one key; the others are refused as repeats", async () => {
    const owner = await createUser();
    const submission = randomUUID();
    const input = createKeyInput({ name: "Clicked thrice", submission });
    const { done, refused } = await settled([1, 2, 3].map(() => createKey(actorOf(owner), owner.id, input)));
    expect(done).toHaveLength(1);
    expect(refused.map((error) => error.message)).toEqual([ALREADY_SUBMITTED, ALREADY_SUBMITTED]);
    const keys = await listKeysForAccount(owner.id);
    expect(keys.map((key) => key.name)).toEqual(["Clicked thrice"]);
    // A later, fresh form is a new key.
    await createKey(actorOf(owner), owner.id, createKeyInput({ name: "Second form", submission: randomUUID() }));
    expect(await listKeysForAccount(owner.id)).toHaveLength(2);
  });

  it("a refused submission leaves its token unused, so the corrected form can be sent again", async () => {
    const owner = await createUser({ plan: "basic" });
    const submission = randomUUID();
    // More than basic's rate limit allows: refused, and the claim rolls back with the rest.
    await expect(
      createKey(actorOf(owner), owner.id, createKeyInput({ submission, rateLimit: 100_000, rateLimitWindow: "hour" })),
    ).rejects.toThrow();
    const made = await createKey(actorOf(owner), owner.id, createKeyInput({ submission }));
    expect(made.key.name).toBeTruthy();
  });

  it("two accounts may use the same token: each claims its own", async () => {
    const [one, two] = [await createUser(), await createUser()];
    const submission = randomUUID();
    await createKey(actorOf(one), one.id, createKeyInput({ submission }));
    await createKey(actorOf(two), two.id, createKeyInput({ submission }));
    expect(await listKeysForAccount(two.id)).toHaveLength(1);
  });

  it("a roll form sent twice rolls once: the secret of the first answer is the one that works", async () => {
    const owner = await createUser();
    const { key } = await createKey(actorOf(owner), owner.id, createKeyInput());
    const ref = { keyId: key.id, accountId: owner.id };
    const submission = randomUUID();
    const { done, refused } = await settled([1, 2].map(() => rollKey(actorOf(owner), ref, "now", { submission })));
    expect(done).toHaveLength(1);
    expect(refused.map((error) => error.message)).toEqual([ALREADY_SUBMITTED]);
    expect((await verifyKey(done[0].secret)).valid).toBe(true);
  });

  it("webhook endpoints and their secrets, an account's and the platform's, are made once per form", async () => {
    const owner = await createUser();
    const admin = await createUser({ role: "admin" });
    const input = { url: "http://127.0.0.1:9/hooks", description: "", eventTypes: [] };
    const submission = randomUUID();
    const accountOwner = { accountId: owner.id };
    const made = await settled([1, 2].map(() => createEndpoint(actorOf(owner), accountOwner, input, { submission })));
    expect([made.done.length, made.refused.length]).toEqual([1, 1]);
    expect(await listEndpoints(accountOwner)).toHaveLength(1);
    const platform = { accountId: null };
    const before = (await listEndpoints(platform)).length;
    await createEndpoint(adminActorOf(admin), platform, input, { submission });
    await expect(createEndpoint(adminActorOf(admin), platform, input, { submission })).rejects.toThrow(ALREADY_SUBMITTED);
    expect(await listEndpoints(platform)).toHaveLength(before + 1);

    const rollToken = randomUUID();
    const id = made.done[0].endpoint.id;
    await rollEndpointSecret(actorOf(owner), accountOwner, id, { submission: rollToken });
    await expect(rollEndpointSecret(actorOf(owner), accountOwner, id, { submission: rollToken })).rejects.toThrow(
      ALREADY_SUBMITTED,
    );
  });
});

describe("the API's Idempotency-Key", () => {
  it("a repeated create answers 409 and makes nothing; a malformed key is refused before anything is done", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const create = (headers: Record<string, string>) =>
      callRoute(createKeyRoute, { method: "POST", path: "/keys", key: secret, body: newKey, headers });
    const first = await create({ "Idempotency-Key": "order-42" });
    expect(first.status).toBe(201);
    const again = await create({ "Idempotency-Key": "order-42" });
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: "conflict", message: ALREADY_SUBMITTED });
    const bad = await create({ "Idempotency-Key": "has space" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: "Idempotency-Key", message: "Idempotency-Key must be 1 to 255 printable characters without spaces." },
    ]);
    expect((await create({ "Idempotency-Key": "k".repeat(256) })).status).toBe(400);
    expect(await listKeysForAccount(owner.id)).toHaveLength(2);
    // Without the header every request is its own.
    expect((await create({})).status).toBe(201);
  });

  it("a repeated roll answers 409 and leaves the first answer's secret working", async () => {
    const { owner, secret } = await ownerWithManagerKey();
    const target = await apiKeyFor(owner, ["payments:read"]);
    const roll = () =>
      callRoute(rollKeyRoute, {
        method: "POST",
        path: `/keys/${target.key.id}/roll`,
        params: { id: target.key.id },
        key: secret,
        headers: { "Idempotency-Key": "roll-1" },
      });
    const first = await roll();
    expect(first.status).toBe(200);
    expect((await roll()).status).toBe(409);
    expect((await verifyKey(first.body.secret)).valid).toBe(true);
  });

  it("a repeated webhook create answers 409", async () => {
    const owner = await createUser();
    const { secret } = await apiKeyFor(owner, ["webhooks:manage"]);
    const idempotencyKey = randomUUID();
    const create = () =>
      callRoute(createWebhookRoute, {
        method: "POST",
        path: "/webhooks",
        key: secret,
        body: { url: "http://127.0.0.1:9/hooks" },
        headers: { "Idempotency-Key": idempotencyKey },
      });
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(409);
    expect(await listEndpoints({ accountId: owner.id })).toHaveLength(1);
  });
});
