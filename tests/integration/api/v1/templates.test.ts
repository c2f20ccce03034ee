import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { GET as listTemplatesRoute, POST as createTemplateRoute } from "@/app/api/v1/templates/route";
import {
  DELETE as deleteTemplateRoute,
  GET as getTemplateRoute,
  PATCH as patchTemplateRoute,
} from "@/app/api/v1/templates/[id]/route";
import { getDb } from "@/db";
import { accounts, apiKeys, auditEvents } from "@/db/schema";
import { createTemplate } from "@/lib/keys/templates";
import { templateSettingsSchema } from "@/lib/validations/key-template";
import { callRoute } from "../../../support/api";
import { adminActorOf, apiKeyFor, createUser, memberActor } from "../../../support/factories";
import { deniedAttempts } from "../../../support/inspect";

// The template operations of the integrator API, and POST /keys starting from a template with fields that override it.

const SCOPES = ["keys:read", "keys:write", "payments:read", "payments:write", "customers:read"];
const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 8)}`;

async function caller(plan: "basic" | "advanced" = "advanced") {
  const owner = await createUser({ plan });
  const { secret } = await apiKeyFor(
    owner,
    plan === "basic" ? ["keys:read", "keys:write", "payments:read", "customers:read"] : SCOPES,
  );
  return { owner, key: secret };
}

async function ownTemplate(ownerId: string, overrides: Record<string, unknown> = {}) {
  const owner = { id: ownerId } as Parameters<typeof memberActor>[0];
  return createTemplate(
    { ...memberActor(owner, ownerId, "owner"), role: "client" },
    { accountId: ownerId },
    templateSettingsSchema.parse({
      name: unique("Partner"),
      scopes: ["payments:read", "payments:write"],
      environment: "test",
      expiresInDays: 30,
      rateLimit: 120,
      rateLimitWindow: "minute",
      quota: { limit: 5000, period: "month" },
      ipAllowlist: ["10.0.0.0/8"],
      metadata: { tier: "gold" },
      ...overrides,
    }),
  );
}

describe("/api/v1/templates", () => {
  it("saves, reads, changes and deletes the account's own template", async () => {
    const { key } = await caller();
    const created = await callRoute(createTemplateRoute, {
      method: "POST",
      path: "/templates",
      key,
      body: { name: " Partner ", scopes: ["payments:read"], rateLimit: 60, rateLimitWindow: "minute", expiresInDays: 90 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: "account",
      plan: null,
      name: "Partner",
      environment: "live",
      expiresInDays: 90,
      quota: null,
      ipAllowlist: [],
      metadata: {},
    });
    const { id } = created.body;
    expect(created.headers.get("location")).toBe(`/api/v1/templates/${id}`);

    const again = await callRoute(createTemplateRoute, {
      method: "POST",
      path: "/templates",
      key,
      body: { name: "PARTNER", scopes: ["payments:read"], rateLimit: 60, rateLimitWindow: "minute" },
    });
    expect(again.status).toBe(409);

    const read = await callRoute(getTemplateRoute, { path: `/templates/${id}`, params: { id }, key });
    expect(read.body).toEqual(created.body);
    const patched = await callRoute(patchTemplateRoute, {
      method: "PATCH",
      path: `/templates/${id}`,
      params: { id },
      key,
      body: { rateLimitWindow: "hour", quota: { limit: 100, period: "day" } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: "Partner",
      rateLimit: 60,
      rateLimitWindow: "hour",
      quota: { limit: 100, period: "day" },
    });

    const listed = await callRoute(listTemplatesRoute, { path: "/templates", key });
    const kinds = listed.body.data.map((t: { kind: string; id: string }) => (t.id === id ? "mine" : t.kind));
    // The plan's first (the two presets among them), then the account's own.
    expect(kinds.at(-1)).toBe("mine");
    expect(listed.body.data.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(["Read only", "Full access"]));

    const deleted = await callRoute(deleteTemplateRoute, { method: "DELETE", path: `/templates/${id}`, params: { id }, key });
    expect(deleted.status).toBe(200);
    expect((await callRoute(getTemplateRoute, { path: `/templates/${id}`, params: { id }, key })).status).toBe(404);
  });

  it("answers 404 for a plan template the account may use but not change", async () => {
    const { key } = await caller();
    const listed = await callRoute(listTemplatesRoute, { path: "/templates", key });
    const plan = listed.body.data.find((t: { kind: string }) => t.kind === "plan");
    const read = await callRoute(getTemplateRoute, { path: `/templates/${plan.id}`, params: { id: plan.id }, key });
    expect(read.status).toBe(200);
    const patched = await callRoute(patchTemplateRoute, {
      method: "PATCH",
      path: `/templates/${plan.id}`,
      params: { id: plan.id },
      key,
      body: { name: "Mine now" },
    });
    expect(patched.status).toBe(404);
  });

  it("does not show a plan template of another plan", async () => {
    const admin = await createUser({ role: "admin" });
    const forAdvanced = await createTemplate(
      adminActorOf(admin),
      { accountId: null },
      templateSettingsSchema.parse({
        name: unique("Advanced only"),
        scopes: ["payments:read"],
        rateLimit: 60,
        rateLimitWindow: "minute",
      }),
      { plan: "advanced" },
    );
    const { owner, key } = await caller("basic");
    const listed = await callRoute(listTemplatesRoute, { path: "/templates", key });
    expect(listed.body.data.map((t: { id: string }) => t.id)).not.toContain(forAdvanced.id);
    const read = await callRoute(getTemplateRoute, { path: `/templates/${forAdvanced.id}`, params: { id: forAdvanced.id }, key });
    expect(read.status).toBe(404);
    expect((await deniedAttempts(owner.id)).map((row) => row.action)).toEqual(["template.view.denied"]);
  });
});

describe("POST /api/v1/keys with a template", () => {
  it("makes the key from the template, each field sent overriding it, and says so in the audit trail", async () => {
    const { owner, key } = await caller();
    const template = await ownTemplate(owner.id);
    const before = Date.now();
    const created = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key,
      body: { name: "Orders", template: template.id, environment: "live", rateLimit: 30 },
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatchObject({
      name: "Orders",
      scopes: ["payments:read", "payments:write"],
      environment: "live",
      rateLimit: { limit: 30, window: "minute" },
      quota: { limit: 5000, period: "month" },
      ipAllowlist: ["10.0.0.0/8"],
      metadata: { tier: "gold" },
    });
    const expiresAt = new Date(created.body.key.expiresAt).getTime();
    expect(expiresAt - before).toBeGreaterThanOrEqual(30 * 86_400_000 - 1000);
    expect(expiresAt - before).toBeLessThan(30 * 86_400_000 + 60_000);
    const db = await getDb();
    const [row] = await db
      .select({ changes: auditEvents.changes })
      .from(auditEvents)
      .where(and(eq(auditEvents.keyId, created.body.key.id), eq(auditEvents.action, "key.create")));
    expect(row.changes).toMatchObject({ template: { to: template.name } });
  });

  it("answers 404 for another account's template, makes nothing, and audits the attempt", async () => {
    const victim = await createUser();
    const theirs = await ownTemplate(victim.id);
    const { owner, key } = await caller();
    const db = await getDb();
    const keysBefore = await db.select().from(apiKeys).where(eq(apiKeys.accountId, owner.id));
    const created = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key,
      body: { name: "Stolen", template: theirs.id },
    });
    expect(created).toMatchObject({ status: 404, body: { error: { code: "not_found", message: "Template not found." } } });
    expect(await db.select().from(apiKeys).where(eq(apiKeys.accountId, owner.id))).toHaveLength(keysBefore.length);
    expect((await deniedAttempts(owner.id)).map((row) => [row.action, row.changes])).toEqual([
      ["key.create.denied", { reason: { to: "not_found" }, template: { to: theirs.id } }],
    ]);
  });

  it("refuses what the plan does not allow rather than cutting the template down silently", async () => {
    // A key made on advanced, its account moved to basic since: it holds payments:write, the plan no longer allows it.
    const { owner, key } = await caller("advanced");
    const db = await getDb();
    await db.update(accounts).set({ plan: "basic" }).where(eq(accounts.id, owner.id));
    const template = await ownTemplate(owner.id, { scopes: ["payments:read", "payments:write"], quota: null });
    const created = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key,
      body: { name: "Too much", template: template.id },
    });
    expect(created.status).toBe(403);
    expect(created.body.error.code).toBe("plan_limit");
    // Overriding the scopes makes it fit.
    const fitted = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key,
      body: { name: "Fits", template: template.id, scopes: ["payments:read"] },
    });
    expect(fitted.status).toBe(201);
  });
});
