import "server-only";
import { and, asc, desc, eq, gt, is, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { getDb, type Executor, type Transaction } from "@/db";
import { auditEvents, type AuditEvent, type NewAuditEvent } from "@/db/schema";
import { auditRowHash } from "@/lib/audit/chain";

// Any constant will do, as long as every writer uses the same one (the migrations use 7_240_251).
const AUDIT_CHAIN_LOCK_ID = 7_240_252;

/**
 * Written inside the transaction of the change it records, so there is never a change without its row. Each row is
 * chained to the one before it (see lib/audit/chain.ts): writers take a transaction-scoped advisory lock, so the
 * rows are numbered, hashed and committed one after another, and the lock is let go when the transaction ends.
 */
export async function insertAuditEvent(executor: Executor, event: NewAuditEvent): Promise<void> {
  // `is` rather than instanceof: it holds across duplicate copies of drizzle in a bundle.
  if (is(executor, PgTransaction)) return insertChained(executor as Transaction, event);
  await executor.transaction((tx) => insertChained(tx, event));
}

async function insertChained(tx: Transaction, event: NewAuditEvent): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_ID})`);
  // A statement of its own, after the lock: its snapshot includes the row the previous holder committed.
  const [head] = resultRows<{ id: string | number; prev: string | null }>(
    await tx.execute(sql`
      select nextval(pg_get_serial_sequence('audit_events', 'id')) as id,
             (select hash from audit_events order by id desc limit 1) as prev`),
  );
  const row = {
    id: Number(head.id),
    // Set here rather than by the database, to the millisecond, so that the time hashed is the time stored.
    at: event.at ?? new Date(),
    actorUserId: event.actorUserId ?? null,
    actorKeyId: event.actorKeyId ?? null,
    ownerId: event.ownerId ?? null,
    action: event.action,
    keyId: event.keyId ?? null,
    ip: event.ip ?? null,
    userAgent: event.userAgent ?? null,
    changes: event.changes ?? null,
    prevHash: head.prev ?? null,
  };
  await tx.insert(auditEvents).values({ ...row, hash: auditRowHash(row) });
}

/** postgres-js returns the rows themselves, PGlite an object holding them. */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export async function listAuditEventsForKey(keyId: string, ownerId: string, limit = 20): Promise<AuditEvent[]> {
  const db = await getDb();
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.keyId, keyId), eq(auditEvents.ownerId, ownerId)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit);
}

/** One page of the whole trail in chain order, for verification. */
export async function auditChainPage(executor: Executor, afterId: number, limit: number): Promise<AuditEvent[]> {
  return executor.select().from(auditEvents).where(gt(auditEvents.id, afterId)).orderBy(asc(auditEvents.id)).limit(limit);
}
