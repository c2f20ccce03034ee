import "server-only";
import { getDb } from "@/db";
import { findUsableTemplate, listTemplatesForAccount } from "@/db/queries/key-templates";
import { findAccountPlan } from "@/db/queries/plans";
import type { KeyTemplate } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { recordDenied } from "@/lib/audit/record";
import { notFound } from "@/lib/errors";

// Reading the templates an account may start a key from: those for its plan (or every plan) and its own. An id that
// is none of them (another account's, another plan's, made up) is not found, and the attempt leaves
// `<action>.denied` in the account's trail, the house rule for another tenant's id.

async function planOf(accountId: string) {
  return (await findAccountPlan(accountId))?.plan.name ?? "none";
}

export async function listUsableTemplates(accountId: string): Promise<KeyTemplate[]> {
  return listTemplatesForAccount(accountId, await planOf(accountId));
}

/** The template, when the account may use it; otherwise 404 with its audit row under `action` (template.view, key.create). */
export async function readUsableTemplate(
  actor: Actor,
  accountId: string,
  templateId: string,
  action: string,
): Promise<KeyTemplate> {
  const template = await findUsableTemplate({ templateId, accountId, plan: await planOf(accountId) });
  if (template) return template;
  await recordDenied(await getDb(), actor, action, { accountId }, "not_found", { template: { to: templateId } });
  throw notFound("Template");
}
