import "server-only";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { getDb, type Executor, type Transaction } from "@/db";
import { auditEvents, type AuditEvent, type NewAuditEvent } from "@/db/schema";
import { resultRows } from "@/db/rows";

// Any constant will do, as long as every writer uses the same one (the migrations use 7_240_251).
const AUDIT_CHAIN_LOCK_ID = 7_240_252;

/**
 * Takes the chain's transaction-scoped advisory lock, then reserves the next row's id and reads the hash of the
 * row before it. Writers hold the lock until their transaction ends, so rows are numbered, hashed and committed one
 * after another (lib/audit/record.ts builds and hashes the row).
 */
export async function nextAuditLink(tx: Transaction): Promise<{ id: number; prevHash: string | null }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_ID})`);
  // A statement of its own, after the lock: its snapshot includes the row the previous holder committed.
  const [head] = resultRows<{ id: string | number; prev: string | null }>(
    await tx.execute(sql`
      select nextval(pg_get_serial_sequence('audit_events', 'id')) as id,
             (select hash from audit_events order by id desc limit 1) as prev`),
  );
  return { id: Number(head.id), prevHash: head.prev ?? null };
}

export async function insertAuditRow(tx: Transaction, row: NewAuditEvent & { id: number; hash: string }): Promise<void> {
  await tx.insert(auditEvents).values(row);
}

export async function listAuditEventsForKey(keyId: string, accountId: string, limit = 20): Promise<AuditEvent[]> {
  const db = await getDb();
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.keyId, keyId), eq(auditEvents.accountId, accountId)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit);
}

/** One page of the whole trail in chain order, for verification. */
export async function auditChainPage(executor: Executor, afterId: number, limit: number): Promise<AuditEvent[]> {
  return executor.select().from(auditEvents).where(gt(auditEvents.id, afterId)).orderBy(asc(auditEvents.id)).limit(limit);
}
