import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { auditEvents, plans } from "@/db/schema";
import { setPlanUsageQuotas } from "@/lib/accounts/plan-quotas";
import { createKey } from "@/lib/keys/lifecycle";
import { actorOf, adminActorOf, createKeyInput, createUser } from "../support/factories";
import { setUpOwnDatabase } from "../support/own-database";

// Admins set a plan's usage quota default and maximum (/admin/plans) and a client's key's quota (the client's key
// page in the admin area). The plans' rows are shared by every file of a run: this file has a database of its own.
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

const { setPlanUsageQuotasAction } = await import("@/app/(dashboard)/admin/plans/actions");
const { updateClientKeyAction } = await import("@/app/(dashboard)/admin/clients/actions");

const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
};

afterEach(async () => {
  const db = await getDb();
  await db
    .update(plans)
    .set({ defaultUsageQuota: null, defaultUsageQuotaPeriod: null, maxUsageQuotaPerMonth: null })
    .where(eq(plans.name, "basic"));
  request.session = null;
});

async function basicPlan() {
  const db = await getDb();
  const [plan] = await db.select().from(plans).where(eq(plans.name, "basic"));
  return plan;
}

describe("a plan's usage quota default and maximum", () => {
  it("is set by an admin from /admin/plans, audited, and given to new keys of the plan", async () => {
    const admin = await createUser({ role: "admin" });
    request.session = { user: { id: admin.id } };
    const saved = await setPlanUsageQuotasAction(
      form({ plan: "basic", defaultQuotaLimit: "1000", defaultQuotaPeriod: "day", maxQuotaPerMonth: "31000" }),
    );
    expect(saved).toMatchObject({ ok: true });
    expect(await basicPlan()).toMatchObject({
      defaultUsageQuota: 1000,
      defaultUsageQuotaPeriod: "day",
      maxUsageQuotaPerMonth: 31000,
    });
    const db = await getDb();
    const [row] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "plan.update"), eq(auditEvents.actorUserId, admin.id)));
    expect(row.changes).toMatchObject({
      plan: { to: "basic" },
      defaultUsageQuota: { from: null, to: "1000/day" },
      maxUsageQuotaPerMonth: { from: null, to: 31000 },
    });

    const client = await createUser({ plan: "basic" });
    const { key } = await createKey(actorOf(client), client.id, createKeyInput({ scopes: ["keys:read"] }));
    expect(key).toMatchObject({ usageQuota: 1000, usageQuotaPeriod: "day" });

    // Emptied: no default, no maximum.
    await setPlanUsageQuotasAction(
      form({ plan: "basic", defaultQuotaLimit: "", defaultQuotaPeriod: "month", maxQuotaPerMonth: "" }),
    );
    expect(await basicPlan()).toMatchObject({ defaultUsageQuota: null, maxUsageQuotaPerMonth: null });
  });

  it("refuses a default past the maximum, a number that is not one, and anyone but an admin", async () => {
    const admin = await createUser({ role: "admin" });
    request.session = { user: { id: admin.id } };
    const tooBig = await setPlanUsageQuotasAction(
      form({ plan: "basic", defaultQuotaLimit: "2000", defaultQuotaPeriod: "day", maxQuotaPerMonth: "31000" }),
    );
    expect(tooBig).toMatchObject({ ok: false, fieldErrors: { defaultQuotaLimit: [expect.stringContaining("maximum")] } });
    const notANumber = await setPlanUsageQuotasAction(
      form({ plan: "basic", defaultQuotaLimit: "0", defaultQuotaPeriod: "day", maxQuotaPerMonth: "" }),
    );
    expect(notANumber).toMatchObject({ ok: false, fieldErrors: { defaultQuotaLimit: [expect.any(String)] } });

    const client = await createUser();
    request.session = { user: { id: client.id } };
    expect(
      await setPlanUsageQuotasAction(
        form({ plan: "basic", defaultQuotaLimit: "5", defaultQuotaPeriod: "day", maxQuotaPerMonth: "" }),
      ),
    ).toMatchObject({ ok: false });
    await expect(setPlanUsageQuotas(actorOf(client), "basic", { defaultQuota: null, maxPerMonth: 5 })).rejects.toThrow(
      "Only admins",
    );
    expect(await basicPlan()).toMatchObject({ defaultUsageQuota: null, maxUsageQuotaPerMonth: null });
  });
});

describe("an admin sets a client's key's usage quota", () => {
  it("within the client's plan, audited as the client's own change would be", async () => {
    const admin = await createUser({ role: "admin" });
    await setPlanUsageQuotas(adminActorOf(admin), "basic", { defaultQuota: null, maxPerMonth: 10_000 });
    const client = await createUser({ plan: "basic" });
    const { key } = await createKey(
      actorOf(client),
      client.id,
      createKeyInput({ scopes: ["keys:read"], quotaLimit: "5000", quotaPeriod: "month" }),
    );
    request.session = { user: { id: admin.id } };
    const fields = {
      clientId: client.id,
      keyId: key.id,
      name: key.name,
      description: key.description,
      scopes: ["keys:read"],
      rateLimit: "600",
      rateLimitWindow: "minute",
      expiry: "keep",
    };
    const refused = await updateClientKeyAction(form({ ...fields, quotaLimit: "400", quotaPeriod: "day" }));
    expect(refused).toMatchObject({ ok: false, fieldErrors: { quotaLimit: [expect.stringContaining("10,000")] } });
    const saved = await updateClientKeyAction(form({ ...fields, quotaLimit: "300", quotaPeriod: "day" }));
    expect(saved).toMatchObject({ ok: true });
    const db = await getDb();
    const rows = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.keyId, key.id), eq(auditEvents.action, "key.update")));
    expect(rows.map((row) => row.changes?.quota)).toContainEqual({ from: "5000/month", to: "300/day" });
    expect(rows.find((row) => row.changes?.quota)?.actorUserId).toBe(admin.id);
  });
});
