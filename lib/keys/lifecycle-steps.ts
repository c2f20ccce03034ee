import "server-only";
import { getDb, type Transaction } from "@/db";
import { findKeyForAccount, type KeyWithScopes } from "@/db/queries/keys";
import type { AuditChanges } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { type AuditTarget, auditEntry, recordAudit, recordDenied } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/errors";
import { GrantRefused } from "./scope-grants";
import { requirePermission } from "@/lib/accounts/roles";
import { assertActingMemberCurrent } from "@/lib/accounts/acting-member";

// What every lifecycle command shares: the key it names, the lock it takes, and how it is audited.

export interface KeyRef {
  keyId: string;
  accountId: string;
}

export type KeyAction =
  | "key.create"
  | "key.update"
  | "key.allowlist"
  | "key.roll"
  | "key.end_secret"
  | "key.disable"
  | "key.enable"
  | "key.revoke"
  | "key.hide";

export function auditKey(tx: Transaction, actor: Actor, action: KeyAction, ref: KeyRef, changes?: AuditChanges) {
  return recordAudit(tx, auditEntry(actor, action, ref, changes ?? null));
}

/**
 * Runs a key command. When it is refused for who is asking (another tenant's key id or a forged one: "not found"; a
 * scope the actor may not grant; the owner's plan), the refusal itself is audited as `<action>.denied`, outside the
 * rolled-back transaction. Bad input is not an attempt worth a row: the form or the API says what to fix.
 */
export async function guarded<T>(actor: Actor, action: KeyAction, target: AuditTarget, change: () => Promise<T>): Promise<T> {
  try {
    // Every key command is a change to the account's keys: viewers may make none, whatever path they take.
    if (target.accountId) {
      requirePermission(actor, target.accountId, "keys.write");
      // Read again just before the change's transaction (not inside it: the account's rows are locked in another
      // order there); a removal that commits in between does not stop a change already under way.
      await assertActingMemberCurrent(actor, target.accountId);
    }
    return await change();
  } catch (error) {
    const reason = error instanceof AppError ? refusalReason(error) : null;
    if (reason) {
      const details: AuditChanges = error instanceof GrantRefused ? error.auditDetails : {};
      await recordDenied(await getDb(), actor, action, target, reason, details);
    }
    throw error;
  }
}

function refusalReason(error: AppError): string | null {
  if (error instanceof GrantRefused) return error.reason;
  if (error.code === "not_found" || error.code === "plan_limit" || error.code === "forbidden") return error.code;
  return null;
}

/** The key, locked until the transaction ends, so that two concurrent changes (a roll and a revoke) take turns. */
export async function lockedKey(tx: Transaction, ref: KeyRef): Promise<KeyWithScopes> {
  const key = await findKeyForAccount(ref, tx, { forUpdate: true });
  if (!key) throw notFound();
  return key;
}

export function assertNotRevoked(key: KeyWithScopes) {
  if (key.revokedAt) throw new AppError("conflict", "This key has been revoked and can no longer be changed.");
}
