import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { auditEvents, keyTemplates } from "@/db/schema";
import { createTemplate } from "@/lib/keys/templates";
import { templateSettingsSchema } from "@/lib/validations/key-template";
import { createUser, memberActor, organizationOf } from "../support/factories";
import { deniedAttempts } from "../support/inspect";
import { addMember } from "../support/teams";

// The dashboard's template actions: "Save as template" from the generate form, deleting one on /keys/templates, and
// a key generated from a template, which its audit row names. Each acts on the session's current account only.

const request = vi.hoisted(() => ({ session: null as { user: { id: string } } | null, cookie: undefined as string | undefined }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
}));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers({ "x-latchkey-socket-ip": "198.51.100.9" })),
  cookies: vi.fn(async () => ({
    get: (name: string) => (request.cookie && name === "latchkey-account" ? { value: request.cookie } : undefined),
  })),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { saveTemplateAction, deleteTemplateAction } = await import("@/app/(dashboard)/keys/template-actions");
const { createKeyAction } = await import("@/app/(dashboard)/keys/actions");

function signInAs(user: { id: string }, accountId?: string) {
  request.session = { user: { id: user.id } };
  request.cookie = accountId;
}

// What "Save as template" posts: the generate form's settings, never the key's name.
const saved = (accountId: string, overrides: Record<string, string> = {}) => ({
  accountId,
  templateName: "CI reader",
  scopes: ["payments:read"],
  environment: "test",
  expiry: "date",
  expiresOn: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
  rateLimit: "30",
  rateLimitWindow: "minute",
  quotaLimit: "",
  quotaPeriod: "month",
  ipAllowlist: "",
  metadata: "",
  ...overrides,
});

const templateOf = (ownerId: string, name: string) =>
  createTemplate(
    memberActor({ id: ownerId } as never, ownerId, "owner"),
    { accountId: ownerId },
    templateSettingsSchema.parse({ name, scopes: ["payments:read"], rateLimit: 60, rateLimitWindow: "minute" }),
  );

describe("the dashboard's template actions", () => {
  beforeEach(() => {
    request.session = null;
    request.cookie = undefined;
  });

  it("save the generate form's settings as a template, a date kept as the days until it", async () => {
    const owner = await createUser();
    signInAs(owner);
    const result = await saveTemplateAction(saved(owner.id));
    expect(result).toMatchObject({ ok: true });
    const db = await getDb();
    const [row] = await db.select().from(keyTemplates).where(eq(keyTemplates.accountId, owner.id));
    expect(row).toMatchObject({ name: "CI reader", environment: "test", rateLimit: 30, usageQuota: null });
    expect(row.expiresInDays).toBeGreaterThanOrEqual(19);
    expect(row.expiresInDays).toBeLessThanOrEqual(20);
    expect(await saveTemplateAction(saved(owner.id, { templateName: "ci READER" }))).toMatchObject({
      ok: false,
      fieldErrors: { templateName: ['A template named "ci READER" exists already.'] },
    });
  });

  it("refuse a viewer, audited", async () => {
    const owner = await createUser();
    const viewer = await createUser();
    const { account } = await organizationOf(owner);
    const db = await getDb();
    await addMember(account.id, viewer, "viewer");
    signInAs(viewer, account.id);
    expect(await saveTemplateAction(saved(account.id))).toMatchObject({ ok: false });
    expect(await db.select().from(keyTemplates).where(eq(keyTemplates.accountId, account.id))).toEqual([]);
    expect((await deniedAttempts(account.id)).map((row) => row.action)).toEqual(["template.write.denied"]);
  });

  it("delete only the current account's own: another's id is not found and audited", async () => {
    const victim = await createUser();
    const theirs = await templateOf(victim.id, "Theirs");
    const me = await createUser();
    signInAs(me);
    expect(await deleteTemplateAction({ accountId: me.id, templateId: theirs.id })).toMatchObject({
      ok: false,
      error: "Template not found.",
    });
    const db = await getDb();
    expect(await db.select().from(keyTemplates).where(eq(keyTemplates.id, theirs.id))).toHaveLength(1);
    expect((await deniedAttempts(me.id)).map((row) => row.action)).toEqual(["template.delete.denied"]);
  });

  it("name the template a key was generated from in its audit row, and refuse another account's", async () => {
    const owner = await createUser();
    const mine = await templateOf(owner.id, "Mine");
    signInAs(owner);
    const form = {
      accountId: owner.id,
      name: "From a template",
      scopes: ["payments:read"],
      environment: "live",
      rateLimit: "60",
      rateLimitWindow: "minute",
      expiry: "never",
    };
    const created = await createKeyAction({ ...form, template: mine.id });
    expect(created).toMatchObject({ ok: true });
    const db = await getDb();
    const keyId = (created as { keyId: string }).keyId;
    const [row] = await db
      .select({ changes: auditEvents.changes })
      .from(auditEvents)
      .where(and(eq(auditEvents.keyId, keyId), eq(auditEvents.action, "key.create")));
    expect(row.changes).toMatchObject({ template: { to: "Mine" } });

    const stranger = await createUser();
    const theirs = await templateOf(stranger.id, "Theirs");
    expect(await createKeyAction({ ...form, name: "Not mine", template: theirs.id })).toMatchObject({
      ok: false,
      error: "Template not found.",
    });
    expect((await deniedAttempts(owner.id)).map((r) => r.action)).toEqual(["key.create.denied"]);
  });
});
