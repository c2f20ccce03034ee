import "server-only";
import { and, eq, isNull, or, gt, sql } from "drizzle-orm";
import { getDb, type Transaction } from "@/db";
import { apiKeys, apiKeyScopes, apiKeySecrets, type AuditChanges } from "@/db/schema";
import { findKeyForOwner, type KeyWithScopes } from "@/db/queries/keys";
import { auditEntry, recordAudit, recordDenied } from "@/lib/audit/record";
import { env } from "@/lib/infra/env";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/audit/actor";
import { changingKeys } from "./changes";
import { generateKey } from "./format";
import { hashKey } from "./hash";
import { assertGrantableScopes } from "./scope-grants";
import { assertPlanAllows, assertPlanGivesAccess } from "@/lib/plans/enforce";
import type { CreateKeyInput, UpdateKeyInput } from "@/lib/validations/key";
import { GRACE_PERIODS, type GracePeriod } from "./settings";

export interface KeyRef {
  keyId: string;
  ownerId: string;
}

export interface IssuedKey {
  key: KeyWithScopes;
  /** The raw key. It exists only in the response to the request that made it. */
  secret: string;
}

type AuditedAction = "key.create" | "key.update" | "key.allowlist" | "key.roll" | "key.revoke" | "key.hide";

function audit(tx: Transaction, actor: Actor, action: AuditedAction, ref: KeyRef, changes?: AuditChanges) {
  return recordAudit(tx, auditEntry(actor, action, ref, changes ?? null));
}

/**
 * Runs a change to an existing key. When the key is not the actor's to change (another tenant's id, a forged id),
 * the change is refused as "not found" and the refusal itself is audited, outside the rolled-back transaction.
 */
async function guarded<T>(actor: Actor, action: AuditedAction, ref: KeyRef, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") {
      await recordDenied(await getDb(), actor, action, ref, "not_found");
    }
    throw error;
  }
}

async function lockedKey(tx: Transaction, ref: KeyRef): Promise<KeyWithScopes> {
  const key = await findKeyForOwner(ref, tx, { forUpdate: true });
  if (!key) throw notFound();
  return key;
}

function assertNotRevoked(key: KeyWithScopes) {
  if (key.revokedAt) throw new AppError("conflict", "This key has been revoked and can no longer be changed.");
}

export async function createKey(actor: Actor, ownerId: string, input: CreateKeyInput): Promise<IssuedKey> {
  const { secret, start } = generateKey(env().KEY_PREFIX, input.environment);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await assertGrantableScopes(tx, actor, input.scopes);
    await assertPlanAllows(tx, ownerId, input, { newKey: true });
    const [key] = await tx
      .insert(apiKeys)
      .values({
        ownerId,
        name: input.name,
        description: input.description,
        environment: input.environment,
        start,
        rateLimit: input.rateLimit,
        rateLimitWindow: input.rateLimitWindow,
        expiresAt: input.expiresAt,
      })
      .returning();
    await tx.insert(apiKeySecrets).values({ keyId: key.id, hash: hashKey(secret), start });
    await tx.insert(apiKeyScopes).values(input.scopes.map((scope) => ({ keyId: key.id, scope })));
    await audit(
      tx,
      actor,
      "key.create",
      { ownerId, keyId: key.id },
      {
        name: { to: key.name },
        environment: { to: key.environment },
        scopes: { to: input.scopes },
        rateLimit: { to: `${key.rateLimit}/${key.rateLimitWindow}` },
        expiresAt: { to: key.expiresAt?.toISOString() ?? null },
      },
    );
    return { key: { ...key, scopes: input.scopes }, secret };
  });
}

function diff(before: KeyWithScopes, after: KeyWithScopes): AuditChanges {
  const changes: AuditChanges = {};
  const fields = {
    name: (k: KeyWithScopes) => k.name,
    description: (k: KeyWithScopes) => k.description,
    scopes: (k: KeyWithScopes) => k.scopes.join(" "),
    rateLimit: (k: KeyWithScopes) => `${k.rateLimit}/${k.rateLimitWindow}`,
    expiresAt: (k: KeyWithScopes) => k.expiresAt?.toISOString() ?? null,
    ipAllowlist: (k: KeyWithScopes) => k.ipAllowlist.join(" "),
  };
  for (const [field, read] of Object.entries(fields)) {
    const from = read(before);
    const to = read(after);
    if (from === to) continue;
    if (field === "scopes") changes[field] = { from: before.scopes, to: after.scopes };
    else if (field === "ipAllowlist") changes[field] = { from: before.ipAllowlist, to: after.ipAllowlist };
    else changes[field] = { from, to };
  }
  return changes;
}

/** A key's new settings; the allowlist is left as it is when absent. */
export type KeyUpdate = UpdateKeyInput & { ipAllowlist?: string[] };

/**
 * Changes a key's settings. `change` may be a function of the key as it is once locked, so that a partial update
 * (the API's PATCH) is merged inside the lock and two concurrent patches of different fields cannot undo each other.
 */
export async function updateKey(
  actor: Actor,
  ref: KeyRef,
  change: KeyUpdate | ((current: KeyWithScopes) => KeyUpdate),
): Promise<KeyWithScopes> {
  return guarded(actor, "key.update", ref, async () => {
    return changingKeys({ keyId: ref.keyId }, async (tx) => {
      const before = await lockedKey(tx, ref);
      assertNotRevoked(before);
      const input = typeof change === "function" ? change(before) : change;
      await assertGrantableScopes(tx, actor, input.scopes, before.scopes);
      await assertPlanAllows(tx, ref.ownerId, input, { newKey: false, alreadyGranted: before.scopes });
      const [updated] = await tx
        .update(apiKeys)
        .set({
          name: input.name,
          description: input.description,
          rateLimit: input.rateLimit,
          rateLimitWindow: input.rateLimitWindow,
          ...(input.expiresAt !== undefined && { expiresAt: input.expiresAt }),
          ...(input.ipAllowlist !== undefined && { ipAllowlist: input.ipAllowlist }),
        })
        .where(and(eq(apiKeys.id, ref.keyId), eq(apiKeys.ownerId, ref.ownerId)))
        .returning();
      await tx.delete(apiKeyScopes).where(eq(apiKeyScopes.keyId, ref.keyId));
      await tx.insert(apiKeyScopes).values(input.scopes.map((scope) => ({ keyId: ref.keyId, scope })));
      const after = { ...updated, scopes: input.scopes };
      const changes = diff(before, after);
      if (Object.keys(changes).length > 0) await audit(tx, actor, "key.update", ref, changes);
      return after;
    });
  });
}

/** Replaces the key's IP allowlist (canonical CIDR blocks; empty allows every address). */
export async function setKeyIpAllowlist(actor: Actor, ref: KeyRef, allowlist: string[]): Promise<KeyWithScopes> {
  return guarded(actor, "key.allowlist", ref, async () => {
    return changingKeys({ keyId: ref.keyId }, async (tx) => {
      const before = await lockedKey(tx, ref);
      assertNotRevoked(before);
      const [updated] = await tx
        .update(apiKeys)
        .set({ ipAllowlist: allowlist })
        .where(and(eq(apiKeys.id, ref.keyId), eq(apiKeys.ownerId, ref.ownerId)))
        .returning();
      if (before.ipAllowlist.join(" ") !== allowlist.join(" ")) {
        await audit(tx, actor, "key.allowlist", ref, {
          ipAllowlist: { from: before.ipAllowlist, to: allowlist },
        });
      }
      return { ...updated, scopes: before.scopes };
    });
  });
}

/**
 * Issues a new secret for the same key. Secrets still working are given the chosen grace (zero: they stop now);
 * a shorter grace never extends an earlier one.
 */
export async function rollKey(actor: Actor, ref: KeyRef, grace: GracePeriod): Promise<IssuedKey> {
  return guarded(actor, "key.roll", ref, async () => {
    return changingKeys({ keyId: ref.keyId }, async (tx) => {
      const before = await lockedKey(tx, ref);
      assertNotRevoked(before);
      await assertPlanGivesAccess(tx, ref.ownerId);
      const { secret, start } = generateKey(env().KEY_PREFIX, before.environment);
      // The database's clock, as everywhere a secret's validity is decided: verification compares with its now().
      const graceEndsAt = sql`now() + make_interval(secs => ${GRACE_PERIODS[grace]})`;
      const graced = await tx
        .update(apiKeySecrets)
        .set({ expiresAt: graceEndsAt })
        .where(
          and(eq(apiKeySecrets.keyId, ref.keyId), or(isNull(apiKeySecrets.expiresAt), gt(apiKeySecrets.expiresAt, graceEndsAt))),
        )
        .returning({ endsAt: apiKeySecrets.expiresAt });
      await tx.insert(apiKeySecrets).values({ keyId: ref.keyId, hash: hashKey(secret), start });
      const [updated] = await tx
        .update(apiKeys)
        .set({ start })
        .where(and(eq(apiKeys.id, ref.keyId), eq(apiKeys.ownerId, ref.ownerId)))
        .returning();
      await audit(tx, actor, "key.roll", ref, {
        start: { from: before.start, to: start },
        graceEndsAt: { to: GRACE_PERIODS[grace] === 0 ? null : (graced[0]?.endsAt?.toISOString() ?? null) },
      });
      return { key: { ...updated, scopes: before.scopes }, secret };
    });
  });
}

/** Final: every secret of the key stops working at once, and the key can never be re-enabled. */
export async function revokeKey(actor: Actor, ref: KeyRef): Promise<KeyWithScopes> {
  return guarded(actor, "key.revoke", ref, async () => {
    return changingKeys({ keyId: ref.keyId }, async (tx) => {
      const before = await lockedKey(tx, ref);
      if (before.revokedAt) return before;
      const [updated] = await tx
        .update(apiKeys)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(apiKeys.id, ref.keyId), eq(apiKeys.ownerId, ref.ownerId)))
        .returning();
      await tx
        .update(apiKeySecrets)
        .set({ expiresAt: sql`now()` })
        .where(
          and(eq(apiKeySecrets.keyId, ref.keyId), or(isNull(apiKeySecrets.expiresAt), gt(apiKeySecrets.expiresAt, sql`now()`))),
        );
      await audit(tx, actor, "key.revoke", ref, { revokedAt: { to: updated.revokedAt?.toISOString() } });
      return { ...updated, scopes: before.scopes };
    });
  });
}

/** Removes a revoked key from the owner's list. The row stays, so its audit trail still resolves. */
export async function hideRevokedKey(actor: Actor, ref: KeyRef): Promise<void> {
  return guarded(actor, "key.hide", ref, async () => {
    const db = await getDb();
    await db.transaction(async (tx) => {
      const before = await lockedKey(tx, ref);
      if (!before.revokedAt) throw new AppError("conflict", "Revoke the key before deleting it.");
      await tx
        .update(apiKeys)
        .set({ hiddenAt: sql`now()` })
        .where(and(eq(apiKeys.id, ref.keyId), eq(apiKeys.ownerId, ref.ownerId)));
      await audit(tx, actor, "key.hide", ref);
    });
  });
}
