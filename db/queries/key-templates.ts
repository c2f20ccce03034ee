import "server-only";
import { and, asc, count, eq, isNull, ne, or, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { keyTemplates, type KeyTemplate, type NewKeyTemplate, type Plan } from "@/db/schema";

// Reads and plain writes of key templates. An account template is always looked up with its account in the WHERE, and
// a plan template with the plan it must be for: another tenant's id, or a template of another plan, finds nothing.

/** The templates an account on this plan may start a key from: its plan's (and every plan's), then its own. */
export async function listTemplatesForAccount(
  accountId: string,
  plan: Plan["name"],
  executor?: Executor,
): Promise<KeyTemplate[]> {
  const db = executor ?? (await getDb());
  return (
    db
      .select()
      .from(keyTemplates)
      .where(or(usableByPlan(plan), eq(keyTemplates.accountId, accountId)))
      // Plan templates first (account_id null sorts last ascending, so descending nulls first), then by name.
      .orderBy(sql`${keyTemplates.accountId} is not null`, asc(sql`lower(${keyTemplates.name})`))
  );
}

/** Every plan template, for the admins' page. */
export async function listPlanTemplates(): Promise<KeyTemplate[]> {
  const db = await getDb();
  return db
    .select()
    .from(keyTemplates)
    .where(isNull(keyTemplates.accountId))
    .orderBy(asc(sql`lower(${keyTemplates.name})`));
}

function usableByPlan(plan: Plan["name"]) {
  return and(isNull(keyTemplates.accountId), or(isNull(keyTemplates.plan), eq(keyTemplates.plan, plan)));
}

/** A template this account may use: its own, or one for its plan. */
export async function findUsableTemplate(
  ref: { templateId: string; accountId: string; plan: Plan["name"] },
  executor?: Executor,
): Promise<KeyTemplate | undefined> {
  const db = executor ?? (await getDb());
  const [template] = await db
    .select()
    .from(keyTemplates)
    .where(and(eq(keyTemplates.id, ref.templateId), or(usableByPlan(ref.plan), eq(keyTemplates.accountId, ref.accountId))));
  return template;
}

/** One of the account's own templates, locked until the transaction ends when asked. */
export async function findAccountTemplate(
  ref: { templateId: string; accountId: string },
  executor: Executor,
  { forUpdate = false } = {},
): Promise<KeyTemplate | undefined> {
  const query = executor
    .select()
    .from(keyTemplates)
    .where(and(eq(keyTemplates.id, ref.templateId), eq(keyTemplates.accountId, ref.accountId)));
  const [template] = await (forUpdate ? query.for("update") : query);
  return template;
}

/** A plan template (of any plan), locked until the transaction ends. */
export async function lockPlanTemplate(tx: Executor, templateId: string): Promise<KeyTemplate | undefined> {
  const [template] = await tx
    .select()
    .from(keyTemplates)
    .where(and(eq(keyTemplates.id, templateId), isNull(keyTemplates.accountId)))
    .for("update");
  return template;
}

/** How many templates the owner has (an account's own, or the plan templates with accountId null). */
export async function countTemplates(tx: Executor, accountId: string | null): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(keyTemplates)
    .where(accountId === null ? isNull(keyTemplates.accountId) : eq(keyTemplates.accountId, accountId));
  return Number(row?.n ?? 0);
}

/** Whether another template of the same owner has this name, whatever the case. */
export async function templateNameTaken(
  tx: Executor,
  { accountId, name, exceptId }: { accountId: string | null; name: string; exceptId?: string },
): Promise<boolean> {
  const [row] = await tx
    .select({ id: keyTemplates.id })
    .from(keyTemplates)
    .where(
      and(
        accountId === null ? isNull(keyTemplates.accountId) : eq(keyTemplates.accountId, accountId),
        eq(sql`lower(${keyTemplates.name})`, name.toLowerCase()),
        exceptId ? ne(keyTemplates.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return row !== undefined;
}

export async function insertTemplate(tx: Executor, values: NewKeyTemplate): Promise<KeyTemplate> {
  const [template] = await tx.insert(keyTemplates).values(values).returning();
  return template;
}

/** Changes a template of this owner (accountId null: a plan template). */
export async function updateTemplateRow(
  tx: Executor,
  { templateId, accountId }: { templateId: string; accountId: string | null },
  values: Partial<NewKeyTemplate>,
): Promise<KeyTemplate> {
  const [template] = await tx
    .update(keyTemplates)
    .set(values)
    .where(
      and(
        eq(keyTemplates.id, templateId),
        accountId === null ? isNull(keyTemplates.accountId) : eq(keyTemplates.accountId, accountId),
      ),
    )
    .returning();
  return template;
}

export async function deleteTemplateRow(
  tx: Executor,
  { templateId, accountId }: { templateId: string; accountId: string | null },
) {
  await tx
    .delete(keyTemplates)
    .where(
      and(
        eq(keyTemplates.id, templateId),
        accountId === null ? isNull(keyTemplates.accountId) : eq(keyTemplates.accountId, accountId),
      ),
    );
}
