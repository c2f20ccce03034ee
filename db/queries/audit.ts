import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { auditEvents, type AuditEvent, type NewAuditEvent } from "@/db/schema";

/** Written inside the transaction of the change it records, so there is never a change without its row. */
export async function insertAuditEvent(executor: Executor, event: NewAuditEvent): Promise<void> {
  await executor.insert(auditEvents).values(event);
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
