import { eq, inArray } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { findServiceWithRoutes } from "@/db/queries/gateway";
import { auditEvents, gatewayServices } from "@/db/schema";
import { signingSecretOf } from "@/lib/accounts/gateway";
import { createUser } from "../../support/factories";
import { allRowsAsText, tablesContainingAnyPart } from "../../support/inspect";

const request = vi.hoisted(() => ({ session: null as { user: { id: string } } | null }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
}));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers()),
  cookies: vi.fn(async () => ({ get: () => undefined })),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const actions = await import("@/app/(dashboard)/admin/gateway/actions");

const signInAs = (user: { id: string } | null) => {
  request.session = user && { user: { id: user.id } };
};

let serial = 0;
const serviceForm = (overrides: Record<string, string> = {}) => ({
  name: "Payments",
  slug: `payments-${process.pid}-${serial++}`,
  baseUrl: "https://payments.example.com/v1/",
  timeoutMs: "5000",
  ...overrides,
});

async function auditOf(serviceId: string) {
  const db = await getDb();
  const rows = await db.select().from(auditEvents).orderBy(auditEvents.id);
  return rows.filter((row) => (row.changes?.service?.to ?? row.changes?.service?.from) === serviceId);
}

describe("gateway admin actions", () => {
  it("create a service (secret shown once, never stored), edit it and rotate its secret, each audited", async () => {
    const admin = await createUser({ role: "admin" });
    signInAs(admin);
    const created = await actions.createServiceAction(serviceForm());
    if (!created.ok) throw new Error(created.error);
    expect(created.signingSecret).toMatch(/^lkgw_/);
    const db = await getDb();
    const [row] = await db.select().from(gatewayServices).where(eq(gatewayServices.id, created.serviceId));
    expect(row).toMatchObject({
      baseUrl: "https://payments.example.com/v1",
      timeoutMs: 5000,
      enabled: true,
      signingSecretVersion: 1,
    });
    expect(signingSecretOf(row)).toBe(created.signingSecret);
    // The secret is in no table: not the service, not the audit trail.
    expect(tablesContainingAnyPart(await allRowsAsText(), created.signingSecret.slice(5), 12)).toEqual([]);

    const edited = await actions.updateServiceAction({
      serviceId: row.id,
      ...serviceForm({ slug: row.slug, name: "Payments v2" }),
    });
    expect(edited).toEqual({ ok: true });
    const rotated = await actions.rotateSecretAction({ serviceId: row.id, grace: "24h" });
    if (!rotated.ok) throw new Error(rotated.error);
    expect(rotated.signingSecret).not.toBe(created.signingSecret);
    const [after] = await db.select().from(gatewayServices).where(eq(gatewayServices.id, row.id));
    expect(after.signingSecretVersion).toBe(2);
    expect(after.previousSecretUntil?.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);

    const trail = await auditOf(row.id);
    expect(trail.map((event) => event.action)).toEqual([
      "gateway.service.create",
      "gateway.service.update",
      "gateway.service.rotate",
    ]);
    expect(trail[0].actorUserId).toBe(admin.id);
    expect(trail[1].changes).toMatchObject({ name: { from: "Payments", to: "Payments v2" } });
    expect(trail[1].changes).not.toHaveProperty("baseUrl");
  });

  it("add, edit, reorder and delete rules, each audited; a rule's scopes must be in the catalogue", async () => {
    signInAs(await createUser({ role: "admin" }));
    const created = await actions.createServiceAction(serviceForm());
    if (!created.ok) throw new Error(created.error);
    const serviceId = created.serviceId;
    const add = (pathPattern: string, requiredScopes: string) =>
      actions.addRouteAction({ serviceId, method: "GET", pathPattern, requiredScopes, cost: "1" });
    expect(await add("/payments/:id", "payments:read")).toEqual({ ok: true });
    expect(await add("/files/*", "payments:read, customers:read")).toEqual({ ok: true });
    expect(await add("/x", "nothing:real")).toMatchObject({
      ok: false,
      fieldErrors: { requiredScopes: [expect.stringContaining("nothing:real")] },
    });
    expect(await add("/bad/:", "")).toMatchObject({ ok: false, fieldErrors: { pathPattern: [expect.any(String)] } });
    expect(await add("no-slash", "")).toMatchObject({ ok: false });

    let routes = (await findServiceWithRoutes(serviceId))?.routes ?? [];
    expect(routes.map((route) => [route.pathPattern, route.requiredScopes])).toEqual([
      ["/payments/:id", ["payments:read"]],
      ["/files/*", ["customers:read", "payments:read"]],
    ]);
    expect(await actions.moveRouteAction({ routeId: routes[1].id, direction: "up" })).toEqual({ ok: true });
    expect(
      await actions.updateRouteAction({
        routeId: routes[0].id,
        method: "ANY",
        pathPattern: "/payments/:id",
        requiredScopes: "",
        cost: "5",
      }),
    ).toEqual({ ok: true });
    routes = (await findServiceWithRoutes(serviceId))?.routes ?? [];
    expect(routes.map((route) => [route.pathPattern, route.method, route.cost])).toEqual([
      ["/files/*", "GET", 1],
      ["/payments/:id", "ANY", 5],
    ]);
    expect(await actions.deleteRouteAction({ routeId: routes[0].id })).toEqual({ ok: true });
    expect(await actions.deleteServiceAction({ serviceId })).toEqual({ ok: true });
    expect(await findServiceWithRoutes(serviceId)).toBeUndefined();
    expect((await auditOf(serviceId)).map((event) => event.action)).toEqual([
      "gateway.service.create",
      "gateway.route.create",
      "gateway.route.create",
      "gateway.route.move",
      "gateway.route.update",
      "gateway.route.delete",
      "gateway.service.delete",
    ]);
  });

  it("takes the forms as the browser posts them (FormData, checkboxes included)", async () => {
    signInAs(await createUser({ role: "admin" }));
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...serviceForm(), enabled: "on" })) form.set(name, value);
    const created = await actions.createServiceAction(form);
    if (!created.ok) throw new Error(`${created.error} ${JSON.stringify(created.fieldErrors)}`);
    const rule = new FormData();
    for (const [name, value] of Object.entries({
      serviceId: created.serviceId,
      method: "GET",
      pathPattern: "/a/:id",
      cost: "2",
    })) {
      rule.set(name, value);
    }
    rule.append("requiredScopes", "payments:read");
    rule.append("requiredScopes", "customers:read");
    expect(await actions.addRouteAction(rule)).toEqual({ ok: true });
    const none = new FormData();
    for (const [name, value] of Object.entries({
      serviceId: created.serviceId,
      method: "ANY",
      pathPattern: "/open",
      cost: "1",
    })) {
      none.set(name, value);
    }
    expect(await actions.addRouteAction(none)).toEqual({ ok: true });
    const routes = (await findServiceWithRoutes(created.serviceId))?.routes ?? [];
    expect(routes.map((route) => [route.pathPattern, route.requiredScopes, route.cost])).toEqual([
      ["/a/:id", ["customers:read", "payments:read"], 2],
      ["/open", [], 1],
    ]);
  });

  it("refuses a taken slug, a base URL with credentials or a query, and a timeout out of range", async () => {
    signInAs(await createUser({ role: "admin" }));
    const first = serviceForm();
    expect((await actions.createServiceAction(first)).ok).toBe(true);
    expect(await actions.createServiceAction({ ...first })).toMatchObject({
      ok: false,
      fieldErrors: { slug: [expect.any(String)] },
    });
    for (const baseUrl of [
      "https://user:pw@x.example.com",
      "https://x.example.com/?a=1",
      "ftp://x.example.com",
      "javascript:alert(1)",
    ]) {
      expect(await actions.createServiceAction(serviceForm({ baseUrl }))).toMatchObject({
        ok: false,
        fieldErrors: { baseUrl: [expect.any(String)] },
      });
    }
    expect(await actions.createServiceAction(serviceForm({ timeoutMs: "50" }))).toMatchObject({ ok: false });
    expect(await actions.createServiceAction(serviceForm({ slug: "Bad Slug" }))).toMatchObject({ ok: false });
  });

  it("refuses a client, and records the refusal", async () => {
    const client = await createUser();
    signInAs(client);
    const form = serviceForm();
    expect(await actions.createServiceAction(form)).toEqual({ ok: false, error: "Only admins can do that." });
    const db = await getDb();
    expect(
      await db
        .select()
        .from(gatewayServices)
        .where(inArray(gatewayServices.slug, [form.slug])),
    ).toEqual([]);
    const denied = await db.select().from(auditEvents).where(eq(auditEvents.actorUserId, client.id));
    expect(denied.map((event) => event.action)).toEqual(["gateway.service.create.denied"]);
    signInAs(null);
    expect(await actions.deleteServiceAction({ serviceId: "00000000-0000-4000-8000-000000000000" })).toMatchObject({ ok: false });
  });
});
