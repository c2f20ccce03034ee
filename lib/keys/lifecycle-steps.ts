import "server-only";
import { getDb, type Transaction } from "@/db";
import { findKeyForOwner, type KeyWithScopes } from "@/db/queries/keys";
import type { AuditChanges } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit, recordDenied } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/errors";

// What every lifecycle command shares: the key it names, the lock it takes, and how it is audited.

export interface KeyRef {
  keyId: string;
  ownerId: string;
}

export type KeyAction = "key.create" | "key.update" | "key.allowlist" | "key.roll" | "key.revoke" | "key.hide";

export function auditKey(tx: Transaction, actor: Actor, action: KeyAction, ref: KeyRef, changes?: AuditChanges) {
  return recordAudit(tx, auditEntry(actor, action, ref, changes ?? null));
}

/**
 * Runs a change to an existing key. When the key is not the actor's to change (another tenant's id, a forged id),
 * the change is refused as "not found" and the refusal itself is audited, outside the rolled-back transaction.
 */
export async function guarded<T>(actor: Actor, action: KeyAction, ref: KeyRef, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") {
      await recordDenied(await getDb(), actor, action, ref, "not_found");
    }
    throw error;
  }
}

/** The key, locked until the transaction ends, so that two concurrent changes (a roll and a revoke) take turns. */
export async function lockedKey(tx: Transaction, ref: KeyRef): Promise<KeyWithScopes> {
  const key = await findKeyForOwner(ref, tx, { forUpdate: true });
  if (!key) throw notFound();
  return key;
}

export function assertNotRevoked(key: KeyWithScopes) {
  if (key.revokedAt) throw new AppError("conflict", "This key has been revoked and can no longer be changed.");
}
