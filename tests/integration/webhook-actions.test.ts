import { describe, expect, it, vi } from "vitest";
import { findEndpoint, listEndpoints } from "@/db/queries/webhooks";
import { createUser, organizationOf } from "../support/factories";
import { allRowsAsText, deniedAttempts, tablesContainingAnyPart } from "../support/inspect";

// The dashboard's webhook actions, as a browser would call them: each authenticates, checks the member's role in the
// account the page showed, parses its input and refuses hostile input naming the field.
const request = vi.hoisted(() => ({
  session: null as { user: { id: string } } | null,
  account: undefined as string | undefined,
}));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
}));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers()),
  cookies: vi.fn(async () => ({ get: () => (request.account ? { value: request.account } : undefined) })),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const client = await import("@/app/(dashboard)/webhooks/actions");
const admin = await import("@/app/(dashboard)/admin/webhooks/actions");

function signInAs(user: { id: string } | null, account?: string) {
  request.session = user && { user: { id: user.id } };
  request.account = account;
}

// Deliveries these cause go to a port nothing listens on (or are refused as loopback).
const URL_OK = "http://127.0.0.1:9/hooks";

describe("the client's webhook actions", () => {
  it("create an endpoint in the account the page showed, with its secret once and stored sealed", async () => {
    const owner = await createUser();
    signInAs(owner);
    const created = await client.createWebhookAction({
      accountId: owner.id,
      url: URL_OK,
      description: "Mine",
      eventTypes: ["key.created"],
    });
    if (!created.ok) throw new Error(created.error);
    expect(created.secret).toMatch(/^whsec_/);
    expect(await findEndpoint(created.webhookId, { accountId: owner.id })).toMatchObject({
      url: URL_OK,
      eventTypes: ["key.created"],
    });
    expect(tablesContainingAnyPart(await allRowsAsText(), created.secret.slice(6), 12)).toEqual([]);

    const rolled = await client.rollWebhookSecretAction({ accountId: owner.id, webhookId: created.webhookId });
    expect(rolled).toMatchObject({ ok: true, secret: expect.stringMatching(/^whsec_/) });
    expect(await client.setWebhookEnabledAction({ accountId: owner.id, webhookId: created.webhookId, enabled: "false" })).toEqual(
      {
        ok: true,
      },
    );
    expect((await findEndpoint(created.webhookId, { accountId: owner.id }))?.enabled).toBe(false);
    expect(await client.deleteWebhookAction({ accountId: owner.id, webhookId: created.webhookId })).toEqual({ ok: true });
    expect(await listEndpoints({ accountId: owner.id })).toEqual([]);
  });

  it.each([
    ["a URL that is none", { url: "nope" }, "url"],
    ["a javascript: URL", { url: "javascript:alert(1)" }, "url"],
    ["a NUL in the URL", { url: "https://example.com/\u0000" }, "url"],
    ["a huge description", { url: URL_OK, description: "x".repeat(1_000_000) }, "description"],
    ["a NUL in the description", { url: URL_OK, description: "a\u0000b" }, "description"],
    ["an unknown event type", { url: URL_OK, eventTypes: ["key.created", "<script>"] }, "eventTypes"],
    ["a field of its own", { url: URL_OK, accountIdOverride: "x" }, null],
  ])("refuse %s, naming the field, and make nothing", async (_, fields, field) => {
    const owner = await createUser();
    signInAs(owner);
    const result = await client.createWebhookAction({ accountId: owner.id, ...fields });
    expect(result.ok).toBe(false);
    if (!result.ok && field) expect(Object.keys(result.fieldErrors ?? {}).some((name) => name.startsWith(field))).toBe(true);
    expect(await listEndpoints({ accountId: owner.id })).toEqual([]);
  });

  it("refuse a page of another account, a member whose role does not manage settings, and another account's endpoint", async () => {
    const owner = await createUser();
    const developer = await createUser();
    const { account } = await organizationOf(owner, "owner", "Hooks Ltd");
    signInAs(owner, account.id);
    // The page showed another account than the one chosen now (switched in another tab): nothing is done.
    expect(await client.createWebhookAction({ accountId: owner.id, url: URL_OK })).toMatchObject({ ok: false });
    const created = await client.createWebhookAction({ accountId: account.id, url: URL_OK });
    if (!created.ok) throw new Error(created.error);

    const { getDb } = await import("@/db");
    const { memberships } = await import("@/db/schema");
    await (await getDb()).insert(memberships).values({ accountId: account.id, userId: developer.id, role: "developer" });
    signInAs(developer, account.id);
    expect(await client.createWebhookAction({ accountId: account.id, url: URL_OK })).toMatchObject({
      ok: false,
      error: expect.stringContaining("does not allow"),
    });
    expect(await client.deleteWebhookAction({ accountId: account.id, webhookId: created.webhookId })).toMatchObject({
      ok: false,
    });

    // Someone else, in their own account, naming this account's endpoint: not found, and audited.
    const intruder = await createUser();
    signInAs(intruder);
    expect(await client.rollWebhookSecretAction({ accountId: intruder.id, webhookId: created.webhookId })).toEqual({
      ok: false,
      error: "Webhook endpoint not found.",
    });
    expect((await deniedAttempts(intruder.id)).map((row) => row.action)).toEqual(["webhook.roll_secret.denied"]);
    expect((await findEndpoint(created.webhookId, { accountId: account.id }))?.enabled).toBe(true);
  });
});

describe("every member role", () => {
  it.each(["owner", "admin", "developer", "viewer"] as const)(
    "%s: manages the account's webhooks only as owner or admin",
    async (role) => {
      const owner = await createUser();
      const { account } = await organizationOf(owner, "owner", "Roles Ltd");
      const made = await (async () => {
        signInAs(owner, account.id);
        const created = await client.createWebhookAction({ accountId: account.id, url: URL_OK });
        if (!created.ok) throw new Error(created.error);
        return created;
      })();
      const person = role === "owner" ? owner : await createUser();
      if (role !== "owner") {
        const { getDb } = await import("@/db");
        const { memberships } = await import("@/db/schema");
        await (await getDb()).insert(memberships).values({ accountId: account.id, userId: person.id, role });
      }
      signInAs(person, account.id);
      const allowed = role === "owner" || role === "admin";
      const target = { accountId: account.id, webhookId: made.webhookId };
      const outcomes = [
        await client.createWebhookAction({ accountId: account.id, url: URL_OK }),
        await client.updateWebhookAction({ ...target, url: URL_OK, description: "changed" }),
        await client.setWebhookEnabledAction({ ...target, enabled: "false" }),
        await client.testWebhookAction(target),
        await client.rollWebhookSecretAction(target),
        await client.deleteWebhookAction(target),
      ];
      expect(outcomes.map((outcome) => outcome.ok)).toEqual(
        allowed
          ? [true, true, true, false /* disabled just before: 409 */, true, true]
          : [false, false, false, false, false, false],
      );
      // Allowed: one made and the owner's deleted; refused: the owner's alone, unchanged.
      const left = await listEndpoints({ accountId: account.id });
      expect(left.map((endpoint) => endpoint.id === made.webhookId)).toEqual([!allowed]);
      if (!allowed) expect(left[0]).toMatchObject({ enabled: true, description: "" });
    },
  );
});

describe("the admins' webhook actions", () => {
  it("make platform-wide endpoints for admins only", async () => {
    const someone = await createUser();
    signInAs(someone);
    expect(await admin.createWebhookAction({ url: URL_OK })).toEqual({ ok: false, error: "Only admins can do that." });
    const platformAdmin = await createUser({ role: "admin" });
    signInAs(platformAdmin);
    const created = await admin.createWebhookAction({ url: URL_OK, description: "Security pipeline" });
    if (!created.ok) throw new Error(created.error);
    expect(await findEndpoint(created.webhookId, { accountId: null })).toMatchObject({
      accountId: null,
      createdByUserId: platformAdmin.id,
    });
    // Not an account's endpoint: the client area cannot reach it.
    signInAs(someone);
    expect(await client.deleteWebhookAction({ accountId: someone.id, webhookId: created.webhookId })).toMatchObject({
      ok: false,
    });
    signInAs(platformAdmin);
    expect(await admin.deleteWebhookAction({ webhookId: created.webhookId })).toEqual({ ok: true });
  });
});
