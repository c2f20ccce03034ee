import { and, count, eq, inArray, like, notLike, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { resultRows } from "@/db/rows";
import { apiKeys, apiKeyScopes, apiKeySecrets, auditEvents, webhookDeliveries, webhookEndpoints } from "@/db/schema";

export { resultRows };

/**
 * Every row that concerns one owner or one key: what a refused change must leave exactly as it was. The audit rows
 * that record refusals themselves (".denied") are counted apart, by deniedAttempts().
 */
export async function rowCountsFor({ accountId, keyId }: { accountId: string; keyId?: string }) {
  const db = await getDb();
  const keyIds = db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.accountId, accountId));
  const [[keys], [secrets], [scopes], [audit]] = await Promise.all([
    db.select({ n: count() }).from(apiKeys).where(eq(apiKeys.accountId, accountId)),
    db.select({ n: count() }).from(apiKeySecrets).where(inArray(apiKeySecrets.keyId, keyIds)),
    db.select({ n: count() }).from(apiKeyScopes).where(inArray(apiKeyScopes.keyId, keyIds)),
    db
      .select({ n: count() })
      .from(auditEvents)
      .where(
        and(
          keyId ? or(eq(auditEvents.accountId, accountId), eq(auditEvents.keyId, keyId)) : eq(auditEvents.accountId, accountId),
          notLike(auditEvents.action, "%.denied"),
        ),
      ),
  ]);
  return { keys: keys.n, secrets: secrets.n, scopes: scopes.n, audit: audit.n };
}

/** An account's webhook endpoints and their deliveries: with rowCountsFor, what a refused webhook call must leave. */
export async function webhookRowCountsFor(accountId: string) {
  const db = await getDb();
  const endpointIds = db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.accountId, accountId));
  const [[webhooks], [deliveries]] = await Promise.all([
    db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.accountId, accountId)),
    db.select({ n: count() }).from(webhookDeliveries).where(inArray(webhookDeliveries.endpointId, endpointIds)),
  ]);
  return { webhooks: webhooks.n, deliveries: deliveries.n };
}

export async function auditEventsForKey(keyId: string) {
  const db = await getDb();
  return db.select().from(auditEvents).where(eq(auditEvents.keyId, keyId)).orderBy(auditEvents.id);
}

/** Every table of the app's schema and drizzle's, each row in its text form (all columns, json included). */
export async function allRowsAsText(): Promise<Map<string, string[]>> {
  const db = await getDb();
  const tables = resultRows<{ table_schema: string; table_name: string }>(
    await db.execute(sql`
      select table_schema, table_name from information_schema.tables
      where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE'`),
  );
  const contents = new Map<string, string[]>();
  for (const { table_schema, table_name } of tables) {
    const rows = resultRows<{ row: string }>(
      await db.execute(sql`select t::text as row from ${sql.identifier(table_schema)}.${sql.identifier(table_name)} t`),
    );
    contents.set(
      `${table_schema}.${table_name}`,
      rows.map((r) => r.row),
    );
  }
  return contents;
}

/** The tables holding any run of `length` consecutive characters of the needle. */
export function tablesContainingAnyPart(contents: Map<string, string[]>, needle: string, length = needle.length): string[] {
  const parts = Array.from({ length: needle.length - length + 1 }, (_, i) => needle.slice(i, i + length));
  return [...contents].filter(([, rows]) => rows.some((row) => parts.some((part) => row.includes(part)))).map(([table]) => table);
}

/** The refused attempts recorded in an owner's trail, oldest first. */
export async function deniedAttempts(accountId: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), like(auditEvents.action, "%.denied")))
    .orderBy(auditEvents.id);
}
