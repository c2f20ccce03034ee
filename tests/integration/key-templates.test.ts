import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditEvents, keyTemplates } from "@/db/schema";
import { listUsableTemplates } from "@/lib/keys/template-reads";
import { createTemplate, deleteTemplate, updateTemplate } from "@/lib/keys/templates";
import { templateSettingsSchema } from "@/lib/validations/key-template";
import { adminActorOf, createUser, memberActor, organizationOf } from "../support/factories";
import { deniedAttempts } from "../support/inspect";
import { addMember } from "../support/teams";

// Key templates through their commands: an account's own (saved, edited, deleted by those who may change its keys),
// and the admins' plan templates, each seen only by the accounts of its plan.

const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 8)}`;
const settings = (overrides: Record<string, unknown> = {}) =>
  templateSettingsSchema.parse({
    name: unique("Partner"),
    scopes: ["payments:read", "customers:read"],
    rateLimit: 120,
    rateLimitWindow: "minute",
    ...overrides,
  });

async function auditActions(accountId: string) {
  const db = await getDb();
  const rows = await db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), like(auditEvents.action, "template.%")))
    .orderBy(auditEvents.id);
  return rows.map((row) => row.action);
}

describe("an account's own templates", () => {
  it("are saved, edited and deleted by a developer, each change audited", async () => {
    const owner = await createUser();
    const developer = await createUser();
    const { account } = await organizationOf(owner);
    const db = await getDb();
    await addMember(account.id, developer, "developer");
    const actor = memberActor(developer, account.id, "developer");
    const made = await createTemplate(actor, { accountId: account.id }, settings({ name: "Partner", expiresInDays: 30 }));
    expect(made).toMatchObject({ accountId: account.id, plan: null, name: "Partner", expiresInDays: 30, rateLimit: 120 });

    const edited = await updateTemplate(
      actor,
      { templateId: made.id, accountId: account.id },
      { name: "Partner EU", rateLimit: 60 },
    );
    expect(edited).toMatchObject({ name: "Partner EU", rateLimit: 60, scopes: ["customers:read", "payments:read"] });
    await deleteTemplate(actor, { templateId: made.id, accountId: account.id });
    expect(await db.select().from(keyTemplates).where(eq(keyTemplates.id, made.id))).toEqual([]);
    expect(await auditActions(account.id)).toEqual(["template.create", "template.update", "template.delete"]);
  });

  it("cannot be changed by a viewer: refused and audited", async () => {
    const owner = await createUser();
    const { account } = await organizationOf(owner);
    const mine = await createTemplate(memberActor(owner, account.id, "owner"), { accountId: account.id }, settings());
    const viewer = memberActor(owner, account.id, "viewer");
    await expect(createTemplate(viewer, { accountId: account.id }, settings())).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteTemplate(viewer, { templateId: mine.id, accountId: account.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await deniedAttempts(account.id)).map((row) => row.action)).toEqual([
      "template.create.denied",
      "template.delete.denied",
    ]);
  });

  it("have names unique in the account whatever the case, free in another account", async () => {
    const owner = await createUser();
    const other = await createUser();
    await createTemplate(memberActor(owner, owner.id, "owner"), { accountId: owner.id }, settings({ name: "Billing" }));
    await expect(
      createTemplate(memberActor(owner, owner.id, "owner"), { accountId: owner.id }, settings({ name: "BILLING" })),
    ).rejects.toMatchObject({ code: "conflict", message: 'A template named "BILLING" exists already.' });
    const theirs = await createTemplate(
      memberActor(other, other.id, "owner"),
      { accountId: other.id },
      settings({ name: "Billing" }),
    );
    expect(theirs.name).toBe("Billing");
  });

  it("hold no admin-only or unknown scope", async () => {
    const owner = await createUser();
    const actor = memberActor(owner, owner.id, "owner");
    for (const scopes of [["keys:verify"], ["nothing:here"]]) {
      await expect(createTemplate(actor, { accountId: owner.id }, settings({ scopes }))).rejects.toMatchObject({
        code: "validation_failed",
      });
    }
  });

  it("of another account are not found, unchanged, and the attempt is in the intruder's trail", async () => {
    const victim = await createUser();
    const theirs = await createTemplate(memberActor(victim, victim.id, "owner"), { accountId: victim.id }, settings());
    const intruder = await createUser();
    const actor = memberActor(intruder, intruder.id, "owner");
    const ref = { templateId: theirs.id, accountId: intruder.id };
    await expect(updateTemplate(actor, ref, { name: "Mine now" })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteTemplate(actor, ref)).rejects.toMatchObject({ code: "not_found" });
    const db = await getDb();
    expect(await db.select().from(keyTemplates).where(eq(keyTemplates.id, theirs.id))).toEqual([theirs]);
    expect((await deniedAttempts(intruder.id)).map((row) => row.action)).toEqual([
      "template.update.denied",
      "template.delete.denied",
    ]);
    expect(await listUsableTemplates(intruder.id)).not.toContainEqual(expect.objectContaining({ id: theirs.id }));
  });
});

describe("plan templates", () => {
  it("are seen by the accounts of their plan only; one for every plan by all", async () => {
    const admin = await createUser({ role: "admin" });
    const actor = adminActorOf(admin);
    const forBasic = await createTemplate(actor, { accountId: null }, settings({ name: unique("Basic starter") }), {
      plan: "basic",
    });
    const forAll = await createTemplate(actor, { accountId: null }, settings({ name: unique("Everyone") }));
    const basic = await createUser({ plan: "basic" });
    const advanced = await createUser({ plan: "advanced" });
    const ids = async (accountId: string) => (await listUsableTemplates(accountId)).map((t) => t.id);
    expect(await ids(basic.id)).toEqual(expect.arrayContaining([forBasic.id, forAll.id]));
    expect(await ids(advanced.id)).toContain(forAll.id);
    expect(await ids(advanced.id)).not.toContain(forBasic.id);

    // Moved to advanced, it leaves basic's list.
    await updateTemplate(actor, { templateId: forBasic.id, accountId: null }, {}, { plan: "advanced" });
    expect(await ids(basic.id)).not.toContain(forBasic.id);
    expect(await ids(advanced.id)).toContain(forBasic.id);
  });

  it("are the admins' only: a client's attempt is refused and audited", async () => {
    const client = await createUser();
    await expect(
      createTemplate(memberActor(client, client.id, "owner"), { accountId: null }, settings(), { plan: "basic" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect((await deniedAttempts(client.id)).map((row) => row.action)).toEqual(["template.create.denied"]);
  });

  it("list the account's plan's first, then its own", async () => {
    const owner = await createUser({ plan: "basic" });
    const own = await createTemplate(
      memberActor(owner, owner.id, "owner"),
      { accountId: owner.id },
      settings({ name: "AAA first by name" }),
    );
    const list = await listUsableTemplates(owner.id);
    expect(list.at(-1)?.id).toBe(own.id);
    // The two presets the form had before templates, made plan templates by the migration.
    expect(list.filter((t) => t.accountId === null).map((t) => t.name)).toEqual(
      expect.arrayContaining(["Full access", "Read only"]),
    );
    const readOnly = list.find((t) => t.name === "Read only");
    expect(readOnly).toMatchObject({
      plan: null,
      environment: "live",
      expiresInDays: 90,
      rateLimit: 60,
      rateLimitWindow: "minute",
    });
    expect(readOnly?.scopes.every((scope) => scope.endsWith(":read"))).toBe(true);
  });
});
