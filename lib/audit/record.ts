import "server-only";
import { type Executor, getDb } from "@/db";
import { insertAuditRow, nextAuditLink } from "@/db/queries/audit";
import type { AuditChanges, NewAuditEvent } from "@/db/schema";
import { withinTransaction } from "@/db/transaction";
import type { Actor } from "./actor";
import { auditRowHash } from "./chain";

/** What an audited action was done to: whose account, and which key when a key. */
export interface AuditTarget {
  accountId?: string | null;
  keyId?: string | null;
}

/** The one mapping from who acted, and from where, to an audit row. */
export function auditEntry(
  actor: Actor,
  action: string,
  target: AuditTarget = {},
  changes: AuditChanges | null = null,
): NewAuditEvent {
  return {
    actorUserId: actor.userId,
    actorKeyId: actor.keyId,
    accountId: target.accountId ?? null,
    keyId: target.keyId ?? null,
    action,
    ip: actor.ip,
    userAgent: actor.userAgent,
    changes,
  };
}

/**
 * Writes an audit row inside the transaction of the change it records (or a transaction of its own), so there is
 * never a change without its row. Each row is chained to the one before it: see lib/audit/chain.ts.
 */
export async function recordAudit(executor: Executor, entry: NewAuditEvent): Promise<void> {
  await withinTransaction(executor, async (tx) => {
    const { id, prevHash } = await nextAuditLink(tx);
    const row = {
      id,
      // Set here rather than by the database, to the millisecond, so that the time hashed is the time stored.
      at: entry.at ?? new Date(),
      actorUserId: entry.actorUserId ?? null,
      actorKeyId: entry.actorKeyId ?? null,
      accountId: entry.accountId ?? null,
      action: entry.action,
      keyId: entry.keyId ?? null,
      ip: entry.ip ?? null,
      userAgent: entry.userAgent ?? null,
      changes: entry.changes ?? null,
      prevHash,
    };
    await insertAuditRow(tx, { ...row, hash: auditRowHash(row) });
  });
}

/** A refused attempt is part of the trail too: `<action>.denied`, with the reason. */
export function recordDenied(
  executor: Executor,
  actor: Actor,
  action: string,
  target: AuditTarget,
  reason: string,
  details: AuditChanges = {},
): Promise<void> {
  return recordAudit(executor, auditEntry(actor, `${action}.denied`, target, { reason: { to: reason }, ...details }));
}

/** A signed-in user refused an admin-only action: a row in their personal account's trail (its id is theirs) and the admins'. */
export async function recordMissingRole(actor: Actor, action = "admin"): Promise<void> {
  await recordDenied(await getDb(), actor, action, { accountId: actor.userId }, "missing_role", {
    requiredRole: { to: "admin" },
  });
}
