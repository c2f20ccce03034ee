import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { GET as getKey, PATCH as patchKeyRoute } from "@/app/api/v1/keys/[id]/route";
import { getDb } from "@/db";
import { events, plans } from "@/db/schema";
import { callRoute } from "../support/api";
import { createUser, newKey, ownerWithManagerKey } from "../support/factories";
import { auditEventsForKey } from "../support/inspect";
import { setUpOwnDatabase } from "../support/own-database";

// Setting a key's usage quota: through the API and the dashboard, within its plan's default and maximum. The plans'
// rows are shared by every file of a run, so this file changes them in a database of its own.
setUpOwnDatabase();

const request = vi.hoisted(() => ({ session: null as { user: { id: string } } | null }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
}));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers()),
  cookies: vi.fn(async () => ({ get: () => undefined })),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { createKeyAction, updateKeyAction } = await import("@/app/(dashboard)/keys/actions");

const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  if (request.session) data.append("accountId", request.session.user.id);
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
};

const keyForm = {
  name: "Worker",
  description: "",
  scopes: ["keys:read"],
  environment: "live",
  rateLimit: "60",
  rateLimitWindow: "minute",
  expiry: "never",
};

async function setPlan(name: "basic" | "advanced", change: Partial<typeof plans.$inferInsert>) {
  const db = await getDb();
  await db.update(plans).set(change).where(eq(plans.name, name));
}

const NO_QUOTAS = { defaultUsageQuota: null, defaultUsageQuotaPeriod: null, maxUsageQuotaPerMonth: null } as const;

afterEach(async () => {
  await setPlan("basic", NO_QUOTAS);
  await setPlan("advanced", NO_QUOTAS);
});

const create = (secret: string, body: unknown) => callRoute(createKeyRoute, { method: "POST", path: "/keys", key: secret, body });
const patch = (secret: string, id: string, body: unknown) =>
  callRoute(patchKeyRoute, { method: "PATCH", path: `/keys/${id}`, params: { id }, key: secret, body });

describe("a key's usage quota through the API", () => {
  it("is set on create, shown on read, changed and removed by PATCH with an audit row and a key.updated event", async () => {
    const { secret } = await ownerWithManagerKey();
    const made = await create(secret, { ...newKey, quota: { limit: 10_000, period: "day" } });
    expect(made.status).toBe(201);
    expect(made.body.key.quota).toEqual({ limit: 10_000, period: "day" });
    const id = made.body.key.id;
    expect((await callRoute(getKey, { path: `/keys/${id}`, params: { id }, key: secret })).body.quota).toEqual({
      limit: 10_000,
      period: "day",
    });

    // A PATCH without quota keeps it.
    expect((await patch(secret, id, { name: "Renamed" })).body.quota).toEqual({ limit: 10_000, period: "day" });
    const changed = await patch(secret, id, { quota: { limit: 500, period: "total" } });
    expect(changed.status).toBe(200);
    expect(changed.body.quota).toEqual({ limit: 500, period: "total" });
    const removed = await patch(secret, id, { quota: null });
    expect(removed.body.quota).toBeNull();

    const audit = await auditEventsForKey(id);
    const quotaChanges = audit.filter((row) => row.action === "key.update" && row.changes && "quota" in row.changes);
    expect(quotaChanges.map((row) => row.changes?.quota)).toEqual(
      expect.arrayContaining([
        { from: "10000/day", to: "500/total" },
        { from: "500/total", to: null },
      ]),
    );
    const db = await getDb();
    const updates = await db
      .select({ data: events.data })
      .from(events)
      .where(and(eq(events.keyId, id), eq(events.type, "key.updated")));
    expect(updates.map((row) => (row.data.changes as Record<string, unknown>).quota).filter(Boolean)).toHaveLength(2);
  });

  it("refuses a quota that is not one: 400 naming the field", async () => {
    const { secret } = await ownerWithManagerKey();
    for (const quota of [
      { limit: 0, period: "day" },
      { limit: 1.5, period: "day" },
      { limit: "100", period: "day" },
      { limit: 100, period: "week" },
      { limit: 100 },
      { limit: 100, period: "day", extra: true },
    ]) {
      const answer = await create(secret, { ...newKey, quota });
      expect(answer.status, JSON.stringify(quota)).toBe(400);
      expect(answer.body.error.code).toBe("validation_failed");
      expect(answer.body.error.details[0].path).toMatch(/^quota/);
    }
  });
});

describe("the plan's default and maximum", () => {
  it("gives a new key the plan's default when none is asked for, and keeps an explicit null", async () => {
    await setPlan("advanced", { defaultUsageQuota: 1_000, defaultUsageQuotaPeriod: "month" });
    const { secret } = await ownerWithManagerKey();
    expect((await create(secret, newKey)).body.key.quota).toEqual({ limit: 1_000, period: "month" });
    expect((await create(secret, { ...newKey, quota: null })).body.key.quota).toBeNull();
    expect((await create(secret, { ...newKey, quota: { limit: 5, period: "day" } })).body.key.quota).toEqual({
      limit: 5,
      period: "day",
    });
  });

  it("refuses a quota past the plan's monthly maximum (a day counts 31), and no quota at all, with 403 plan_limit", async () => {
    const { secret } = await ownerWithManagerKey();
    await setPlan("advanced", { maxUsageQuotaPerMonth: 3_100 });
    const tooMuch = await create(secret, { ...newKey, quota: { limit: 101, period: "day" } });
    expect(tooMuch.status).toBe(403);
    expect(tooMuch.body.error).toMatchObject({ code: "plan_limit", message: expect.stringContaining("3,100") });
    expect((await create(secret, { ...newKey, quota: { limit: 100, period: "day" } })).status).toBe(201);
    expect((await create(secret, { ...newKey, quota: { limit: 3_100, period: "total" } })).status).toBe(201);
    const none = await create(secret, { ...newKey, quota: null });
    expect(none.status).toBe(403);
    expect(none.body.error.message).toContain("requires a usage quota");
    // Left out, with no default: none, which the maximum refuses too.
    expect((await create(secret, newKey)).status).toBe(403);

    const made = await create(secret, { ...newKey, quota: { limit: 1_000, period: "month" } });
    const raised = await patch(secret, made.body.key.id, { quota: { limit: 3_101, period: "month" } });
    expect(raised.status).toBe(403);
    expect((await patch(secret, made.body.key.id, { quota: null })).status).toBe(403);
  });

  it("bounds the dashboard's forms the same way, with the message on the quota field", async () => {
    await setPlan("basic", { maxUsageQuotaPerMonth: 1_000 });
    const client = await createUser({ plan: "basic" });
    request.session = { user: { id: client.id } };
    const refused = await createKeyAction(form({ ...keyForm, quotaLimit: "50", quotaPeriod: "day" }));
    expect(refused).toMatchObject({ ok: false, fieldErrors: { quotaLimit: [expect.stringContaining("1,000")] } });
    const badNumber = await createKeyAction(form({ ...keyForm, quotaLimit: "ten", quotaPeriod: "day" }));
    expect(badNumber).toMatchObject({ ok: false, fieldErrors: { quotaLimit: [expect.stringContaining("whole number")] } });
    const made = await createKeyAction(form({ ...keyForm, quotaLimit: "1000", quotaPeriod: "month" }));
    expect(made, JSON.stringify(made)).toMatchObject({ ok: true });
    const keyId = (made as { keyId: string }).keyId;

    const { environment: _environment, ...editForm } = keyForm;
    const edited = await updateKeyAction(form({ ...editForm, keyId, expiry: "keep", quotaLimit: "900", quotaPeriod: "total" }));
    expect(edited, JSON.stringify(edited)).toMatchObject({ ok: true });
    const cleared = await updateKeyAction(form({ ...editForm, keyId, expiry: "keep", quotaLimit: "", quotaPeriod: "month" }));
    expect(cleared).toMatchObject({
      ok: false,
      fieldErrors: { quotaLimit: [expect.stringContaining("requires a usage quota")] },
    });
  });

  it("lets a key made before its plan had a maximum be edited while its quota is left as it is", async () => {
    const { secret } = await ownerWithManagerKey();
    const made = await create(secret, { ...newKey, quota: null });
    expect(made.status).toBe(201);
    await setPlan("advanced", { maxUsageQuotaPerMonth: 3_100 });
    const renamed = await patch(secret, made.body.key.id, { name: "Renamed" });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Renamed", quota: null });
    // The same quota sent again (as the dashboard's form does) is no change either; a new one is checked.
    expect((await patch(secret, made.body.key.id, { name: "Again", quota: null })).status).toBe(200);
    expect((await patch(secret, made.body.key.id, { quota: { limit: 4_000, period: "month" } })).status).toBe(403);
  });
});
