import "server-only";
import { getDb, type Transaction } from "@/db";
import {
  countTemplates,
  deleteTemplateRow,
  findAccountTemplate,
  insertTemplate,
  lockPlanTemplate,
  templateNameTaken,
  updateTemplateRow,
} from "@/db/queries/key-templates";
import { findScopes } from "@/db/queries/scopes";
import type { AuditChanges, KeyTemplate, Plan } from "@/db/schema";
import { guardedOwnerCommand } from "@/lib/accounts/owner-guard";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/errors";
import {
  MAX_ACCOUNT_TEMPLATES,
  MAX_PLAN_TEMPLATES,
  type TemplatePatch,
  type TemplateSettings,
  templateSettingsSchema,
} from "@/lib/validations/key-template";
import { templateRowValues, templateSettingsOf } from "./template-settings";

// The commands on key templates, for the dashboard and the API alike. An account's own templates are managed by those
// who may change its keys (keys.write: developers and up, or a key of the account with keys:write); plan templates
// by platform admins in the dashboard only. Each change is one transaction with its audit row; a refusal (another
// account's template id: not found) leaves `<action>.denied`.

export type TemplateAction = "template.create" | "template.update" | "template.delete";

/** Whose templates: an account's own, or (null) the plan templates. */
export interface TemplateOwner {
  accountId: string | null;
}

export interface TemplateRef extends TemplateOwner {
  templateId: string;
}

const OWNER_RULE = { permission: "keys.write", platformRefusal: "Only admins manage plan templates." } as const;

function guardedTemplate<T>(actor: Actor, action: TemplateAction, owner: TemplateOwner, change: () => Promise<T>): Promise<T> {
  return guardedOwnerCommand(actor, action, owner, OWNER_RULE, change);
}

function audit(tx: Transaction, actor: Actor, action: TemplateAction, owner: TemplateOwner, changes: AuditChanges) {
  // A plan template's row goes to the acting admin's own trail (and the admins' view of every row).
  return recordAudit(tx, auditEntry(actor, action, { accountId: owner.accountId ?? actor.userId }, changes));
}

/**
 * A template may hold only scopes a client could be granted: in the catalogue, neither admin-only nor deprecated.
 * Whether the plan and the maker's role allow them is decided when a key is made from it.
 */
async function assertTemplateScopes(tx: Transaction, scopes: string[]) {
  const found = new Map((await findScopes(scopes, tx)).map((scope) => [scope.name, scope]));
  const refused = scopes.filter((name) => {
    const scope = found.get(name);
    return !scope || scope.adminOnly || scope.deprecatedAt !== null;
  });
  if (refused.length > 0) {
    const message = `A template cannot hold ${refused.map((s) => `"${s}"`).join(", ")}: unknown, admin-only or deprecated.`;
    throw new AppError("validation_failed", message, { scopes: [message] });
  }
}

async function assertNameFree(tx: Transaction, owner: TemplateOwner, name: string, exceptId?: string) {
  if (await templateNameTaken(tx, { accountId: owner.accountId, name, exceptId })) throw nameTaken(name);
}

function nameTaken(name: string) {
  const message = `A template named "${name}" exists already.`;
  return new AppError("conflict", message, { name: [message], templateName: [message] });
}

/** Two saves of one name in the same instant: the unique index refuses the second, answered as the check would. */
function isUniqueViolation(error: unknown): boolean {
  const codeOf = (value: unknown) => (value as { code?: unknown } | null)?.code;
  return codeOf(error) === "23505" || codeOf((error as { cause?: unknown } | null)?.cause) === "23505";
}

function settingsChanges(before: TemplateSettings | null, after: TemplateSettings): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of Object.keys(after) as (keyof TemplateSettings)[]) {
    const from = before?.[field];
    if (before && JSON.stringify(from) === JSON.stringify(after[field])) continue;
    changes[field] = before ? { from: from ?? null, to: after[field] } : { to: after[field] };
  }
  return changes;
}

export function createTemplate(
  actor: Actor,
  owner: TemplateOwner,
  settings: TemplateSettings,
  { plan = null }: { plan?: Plan["name"] | null } = {},
): Promise<KeyTemplate> {
  return guardedTemplate(actor, "template.create", owner, async () => {
    const db = await getDb();
    return db
      .transaction(async (tx) => {
        await assertTemplateScopes(tx, settings.scopes);
        const max = owner.accountId === null ? MAX_PLAN_TEMPLATES : MAX_ACCOUNT_TEMPLATES;
        if ((await countTemplates(tx, owner.accountId)) >= max) {
          throw new AppError("conflict", `At most ${max} templates; delete one first.`);
        }
        await assertNameFree(tx, owner, settings.name);
        const template = await insertTemplate(tx, {
          ...templateRowValues(settings),
          accountId: owner.accountId,
          plan: owner.accountId === null ? plan : null,
          createdBy: actor.userId,
        });
        await audit(tx, actor, "template.create", owner, {
          template: { to: template.id },
          ...(owner.accountId === null && { plan: { to: plan ?? "every plan" } }),
          ...settingsChanges(null, settings),
        });
        return template;
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? nameTaken(settings.name) : error;
      });
  });
}

async function lockedTemplate(tx: Transaction, ref: TemplateRef): Promise<KeyTemplate> {
  const template =
    ref.accountId === null
      ? await lockPlanTemplate(tx, ref.templateId)
      : await findAccountTemplate({ templateId: ref.templateId, accountId: ref.accountId }, tx, { forUpdate: true });
  if (!template) throw notFound("Template");
  return template;
}

/**
 * Changes the fields sent and keeps the others (the API's PATCH; the dashboard's form sends all of them), checked
 * again as a whole. For a plan template, `plan` moves it to another plan (null: every plan).
 */
export function updateTemplate(
  actor: Actor,
  ref: TemplateRef,
  patch: TemplatePatch,
  { plan }: { plan?: Plan["name"] | null } = {},
): Promise<KeyTemplate> {
  return guardedTemplate(actor, "template.update", ref, async () => {
    const db = await getDb();
    return db
      .transaction(async (tx) => {
        const current = await lockedTemplate(tx, ref);
        const before = templateSettingsOf(current);
        const merged = templateSettingsSchema.safeParse({ ...before, ...patch });
        if (!merged.success) {
          const issue = merged.error.issues[0];
          throw new AppError("validation_failed", issue?.message ?? "Check the template's settings.", {
            [String(issue?.path[0] ?? "template")]: [issue?.message ?? "Check this field."],
          });
        }
        const after = merged.data;
        if (patch.scopes) await assertTemplateScopes(tx, after.scopes);
        if (after.name.toLowerCase() !== before.name.toLowerCase()) await assertNameFree(tx, ref, after.name, current.id);
        const changes = settingsChanges(before, after);
        const movesPlan = ref.accountId === null && plan !== undefined && plan !== current.plan;
        if (movesPlan) changes.plan = { from: current.plan ?? "every plan", to: plan ?? "every plan" };
        if (Object.keys(changes).length === 0) return current;
        const template = await updateTemplateRow(tx, ref, { ...templateRowValues(after), ...(movesPlan && { plan }) });
        await audit(tx, actor, "template.update", ref, { template: { to: current.id }, ...changes });
        return template;
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? nameTaken(patch.name ?? "") : error;
      });
  });
}

export function deleteTemplate(actor: Actor, ref: TemplateRef): Promise<KeyTemplate> {
  return guardedTemplate(actor, "template.delete", ref, async () => {
    const db = await getDb();
    return db.transaction(async (tx) => {
      const template = await lockedTemplate(tx, ref);
      // Keys made from it keep their settings: a template is where a key starts, not a link it keeps.
      await deleteTemplateRow(tx, ref);
      await audit(tx, actor, "template.delete", ref, { template: { to: template.id }, name: { from: template.name } });
      return template;
    });
  });
}
