import "server-only";
import { sql } from "drizzle-orm";
import { getDb, type Transaction } from "@/db";
import { findServiceAccount } from "@/db/queries/service-accounts";
import type { KeyWithScopes } from "@/db/queries/keys";
import { endSecret, endSecrets, insertKey, insertSecret, replaceKeyScopes, updateKeyRow } from "@/db/queries/key-writes";
import type { AuditChanges } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { AppError, notFound } from "@/lib/errors";
import { env } from "@/lib/infra/env";
import { assertPlanAllows, assertPlanGivesAccess } from "@/lib/plans/enforce";
import type { CreateKeyInput, UpdateKeyInput } from "@/lib/validations/key";
import { changingKeys } from "@/lib/keys/change-notifications";
import { generateKey } from "./format";
import { hashKey } from "./hash";
import { assertNotRevoked, auditKey, guarded, type KeyRef, lockedKey } from "@/lib/keys/lifecycle-steps";
import {
  assertGrantableScopes,
  assertHeldByActingKey,
  assertNotOutlivingActingKey,
  assertWithinMemberRole,
} from "./scope-grants";
import { GRACE_PERIODS, type GracePeriod, type UsageQuota } from "./settings";
import { usageQuotaOf } from "./usage-quota-setting";
import { keyChangeEvent, recordEvent } from "@/lib/events/record";
import { claimOnce } from "@/lib/submissions";

// The commands of a key's life: create, change its settings or allowlist, roll its secret, revoke, hide. Each runs
// in one transaction with its audit row and its event (lib/events/); a change to an existing key locks it first and
// tells every instance.
// Only a secret's hash and visible start are stored.

export interface IssuedKey {
  key: KeyWithScopes;
  /** The raw key. It exists only in the response to the request that made it. */
  secret: string;
}

/** A key's settings, and the template they started from (its name, for the audit trail), if any. */
export type NewKeyInput = CreateKeyInput & { fromTemplate?: string };

export async function createKey(actor: Actor, accountId: string, input: NewKeyInput): Promise<IssuedKey> {
  const { secret, start } = generateKey(env().KEY_PREFIX, input.environment);
  const db = await getDb();
  return guarded(actor, "key.create", { accountId }, () =>
    db.transaction(async (tx) => {
      await claimOnce(tx, accountId, input.submission, "key.create");
      await assertGrantableScopes(tx, actor, input.scopes);
      const holder = input.serviceAccountId ? await liveServiceAccount(tx, accountId, input.serviceAccountId) : undefined;
      if (holder) assertWithinMemberRole(actor, input.scopes, holder.role);
      assertNotOutlivingActingKey(actor, input.expiresAt ?? null);
      const allowance = await assertPlanAllows(tx, accountId, input, { newKey: true });
      const key = await insertKey(
        tx,
        {
          accountId,
          createdBy: actor.userId,
          serviceAccountId: holder?.id ?? null,
          name: input.name,
          description: input.description,
          environment: input.environment,
          start,
          rateLimit: input.rateLimit,
          rateLimitWindow: input.rateLimitWindow,
          usageQuota: allowance?.limit ?? null,
          usageQuotaPeriod: allowance?.period ?? null,
          expiresAt: input.expiresAt,
          metadata: input.metadata ?? {},
          ipAllowlist: input.ipAllowlist ?? [],
        },
        { hash: hashKey(secret) },
        input.scopes,
      );
      await auditKey(
        tx,
        actor,
        "key.create",
        { accountId, keyId: key.id },
        {
          name: { to: key.name },
          environment: { to: key.environment },
          scopes: { to: input.scopes },
          rateLimit: { to: `${key.rateLimit}/${key.rateLimitWindow}` },
          ...(allowance && { quota: { to: quotaText(key) } }),
          expiresAt: { to: key.expiresAt?.toISOString() ?? null },
          ...(key.ipAllowlist.length > 0 && { ipAllowlist: { to: key.ipAllowlist } }),
          ...(input.fromTemplate && { template: { to: input.fromTemplate } }),
          ...(holder && { serviceAccountId: { to: holder.id } }),
        },
      );
      await recordEvent(tx, keyChangeEvent("key.created", { ...key, scopes: input.scopes }, actor));
      return { key: { ...key, scopes: input.scopes }, secret };
    }),
  );
}

/** The service account a new key is to be held by: of this account and not retired, else not found. */
async function liveServiceAccount(tx: Transaction, accountId: string, serviceAccountId: string) {
  const holder = await findServiceAccount({ accountId, serviceAccountId }, tx, { lock: "share" });
  if (!holder || holder.retiredAt) throw notFound("Service account");
  return holder;
}

/**
 * Issues a new secret for the same key. Secrets still working are given the chosen grace (zero: they stop now);
 * a shorter grace never extends an earlier one.
 */
export async function rollKey(
  actor: Actor,
  ref: KeyRef,
  grace: GracePeriod,
  { submission }: { submission?: string } = {},
): Promise<IssuedKey> {
  return guarded(actor, "key.roll", ref, () =>
    changingKeys({ keyId: ref.keyId }, async (tx) => {
      await claimOnce(tx, ref.accountId, submission, "key.roll");
      const before = await lockedKey(tx, ref);
      assertNotRevoked(before);
      assertHeldByActingKey(actor, before.scopes);
      assertWithinMemberRole(actor, before.scopes);
      assertNotOutlivingActingKey(actor, before.expiresAt);
      await assertPlanGivesAccess(tx, ref.accountId);
      return rollKeyWithin(tx, actor, ref, before, GRACE_PERIODS[grace]);
    }),
  );
}

/** A key's usage quota as the audit trail and events show it: "10000/day", or null for none. */
function quotaText(key: Pick<KeyWithScopes, "usageQuota" | "usageQuotaPeriod">): string | null {
  const quota = usageQuotaOf(key);
  return quota && `${quota.limit}/${quota.period}`;
}

/**
 * Rolls a key already locked in the caller's transaction (one that tells every instance, as changingKeys does): a new
 * secret, every secret still working given `graceSeconds` more at most (an earlier, shorter end is kept), the audit
 * row and the event, with `why` among the changes. For commands that roll a key for a reason of their own (a leak
 * report), after their own checks.
 */
export async function rollKeyWithin(
  tx: Transaction,
  actor: Actor,
  ref: KeyRef,
  before: KeyWithScopes,
  graceSeconds: number,
  why: AuditChanges = {},
): Promise<IssuedKey> {
  const { secret, start } = generateKey(env().KEY_PREFIX, before.environment);
  const [graceEndsAt] = await endSecrets(tx, ref.keyId, graceSeconds);
  await insertSecret(tx, { keyId: ref.keyId, hash: hashKey(secret), start });
  const updated = await updateKeyRow(tx, ref, { start });
  const changes = {
    start: { from: before.start, to: start },
    graceEndsAt: { to: graceSeconds === 0 ? null : (graceEndsAt?.toISOString() ?? null) },
    ...why,
  };
  await auditKey(tx, actor, "key.roll", ref, changes);
  const key = { ...updated, scopes: before.scopes };
  await recordEvent(tx, keyChangeEvent("key.rolled", key, actor, changes));
  return { key, secret };
}

/**
 * Ends one rolled-out secret of a key locked in the caller's transaction within `graceSeconds` (an earlier end is
 * kept), leaving the key's current secret alone, with its audit row. For a leak report of an old secret: the
 * owner's working secret was not published, so it need not stop.
 */
export async function endOldSecretWithin(
  tx: Transaction,
  actor: Actor,
  ref: KeyRef,
  secret: { id: string; start: string },
  graceSeconds: number,
  why: AuditChanges = {},
): Promise<Date | null> {
  const endsAt = await endSecret(tx, { keyId: ref.keyId, secretId: secret.id }, graceSeconds);
  await auditKey(tx, actor, "key.end_secret", ref, {
    secretStart: { to: secret.start },
    endsAt: { to: endsAt?.toISOString() ?? null },
    ...why,
  });
  return endsAt;
}

function diff(before: KeyWithScopes, after: KeyWithScopes): AuditChanges {
  const changes: AuditChanges = {};
  const fields = {
    name: (k: KeyWithScopes) => k.name,
    description: (k: KeyWithScopes) => k.description,
    scopes: (k: KeyWithScopes) => k.scopes.join(" "),
    rateLimit: (k: KeyWithScopes) => `${k.rateLimit}/${k.rateLimitWindow}`,
    quota: quotaText,
    expiresAt: (k: KeyWithScopes) => k.expiresAt?.toISOString() ?? null,
    ipAllowlist: (k: KeyWithScopes) => k.ipAllowlist.join(" "),
    metadata: (k: KeyWithScopes) => JSON.stringify(k.metadata),
  };
  for (const [field, read] of Object.entries(fields)) {
    const from = read(before);
    const to = read(after);
    if (from === to) continue;
    if (field === "scopes") changes[field] = { from: before.scopes, to: after.scopes };
    else if (field === "ipAllowlist") changes[field] = { from: before.ipAllowlist, to: after.ipAllowlist };
    else if (field === "metadata") changes[field] = { from: before.metadata, to: after.metadata };
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
  return guarded(actor, "key.update", ref, () =>
    changingKeys({ keyId: ref.keyId }, async (tx) => {
      const before = await lockedKey(tx, ref);
      assertNotRevoked(before);
      const input = typeof change === "function" ? change(before) : change;
      await assertGrantableScopes(tx, actor, input.scopes, before.scopes);
      if (before.serviceAccountId) {
        const holder = await findServiceAccount({ accountId: ref.accountId, serviceAccountId: before.serviceAccountId }, tx);
        const added = input.scopes.filter((scope) => !before.scopes.includes(scope));
        if (holder) assertWithinMemberRole(actor, added, holder.role);
      }
      assertNotOutlivingActingKey(actor, input.expiresAt !== undefined ? input.expiresAt : before.expiresAt);
      const kept = usageQuotaOf(before);
      const asked = input.allowance !== undefined ? input.allowance : kept;
      const allowance = await assertPlanAllows(
        tx,
        ref.accountId,
        { ...input, allowance: asked },
        // The dashboard's form sends the quota it shows: unchanged is the same quota, sent or not.
        { newKey: false, alreadyGranted: before.scopes, quotaUnchanged: sameQuota(asked, kept) },
      );
      const updated = await updateKeyRow(tx, ref, {
        name: input.name,
        usageQuota: allowance?.limit ?? null,
        usageQuotaPeriod: allowance?.period ?? null,
        description: input.description,
        rateLimit: input.rateLimit,
        rateLimitWindow: input.rateLimitWindow,
        ...(input.expiresAt !== undefined && { expiresAt: input.expiresAt }),
        ...(input.ipAllowlist !== undefined && { ipAllowlist: input.ipAllowlist }),
        ...(input.metadata !== undefined && { metadata: input.metadata }),
      });
      await replaceKeyScopes(tx, ref.keyId, input.scopes);
      const after = { ...updated, scopes: input.scopes };
      const changes = diff(before, after);
      if (Object.keys(changes).length > 0) {
        await auditKey(tx, actor, "key.update", ref, changes);
        await recordEvent(tx, keyChangeEvent("key.updated", after, actor, changes));
      }
      return after;
    }),
  );
}

/** Replaces the key's IP allowlist (canonical CIDR blocks; empty allows every address). */
export async function setKeyIpAllowlist(actor: Actor, ref: KeyRef, allowlist: string[]): Promise<KeyWithScopes> {
  return guarded(actor, "key.allowlist", ref, () =>
    changingKeys({ keyId: ref.keyId }, async (tx) => {
      const before = await lockedKey(tx, ref);
      assertNotRevoked(before);
      const updated = { ...(await updateKeyRow(tx, ref, { ipAllowlist: allowlist })), scopes: before.scopes };
      if (before.ipAllowlist.join(" ") !== allowlist.join(" ")) {
        const changes = { ipAllowlist: { from: before.ipAllowlist, to: allowlist } };
        await auditKey(tx, actor, "key.allowlist", ref, changes);
        await recordEvent(tx, keyChangeEvent("key.updated", updated, actor, changes));
      }
      return updated;
    }),
  );
}

/** Final: every secret of the key stops working at once, and the key can never be re-enabled. */
export async function revokeKey(actor: Actor, ref: KeyRef): Promise<KeyWithScopes> {
  return guarded(actor, "key.revoke", ref, () =>
    changingKeys({ keyId: ref.keyId }, async (tx) => {
      const before = await lockedKey(tx, ref);
      if (before.revokedAt) return before;
      const updated = { ...(await updateKeyRow(tx, ref, { revokedAt: sql`now()` })), scopes: before.scopes };
      await endSecrets(tx, ref.keyId, 0);
      const changes = { revokedAt: { to: updated.revokedAt?.toISOString() } };
      await auditKey(tx, actor, "key.revoke", ref, changes);
      await recordEvent(tx, keyChangeEvent("key.revoked", updated, actor, changes));
      return updated;
    }),
  );
}

/**
 * Revokes keys of one account inside a caller's transaction (one that tells every instance of the change, as
 * changingKeys does): each key's secrets end at once and each revocation is its own audit row, with `why` (the
 * service account retired, the organisation deleted) among its changes. For commands that end many keys at once.
 */
export async function revokeKeysWithin(
  tx: Transaction,
  actor: Actor,
  accountId: string,
  keyIds: string[],
  why: AuditChanges,
): Promise<void> {
  for (const keyId of keyIds) {
    const ref = { keyId, accountId };
    const revoked = await updateKeyRow(tx, ref, { revokedAt: sql`now()` });
    await endSecrets(tx, keyId, 0);
    const changes = { revokedAt: { to: revoked.revokedAt?.toISOString() }, ...why };
    await auditKey(tx, actor, "key.revoke", ref, changes);
    await recordEvent(tx, keyChangeEvent("key.revoked", revoked, actor, changes));
  }
}

/** Removes a revoked key from the account's list. The row stays, so its audit trail still resolves. */
export async function hideRevokedKey(actor: Actor, ref: KeyRef): Promise<void> {
  return guarded(actor, "key.hide", ref, async () => {
    const db = await getDb();
    await db.transaction(async (tx) => {
      const before = await lockedKey(tx, ref);
      if (!before.revokedAt) throw new AppError("conflict", "Revoke the key before deleting it.");
      await updateKeyRow(tx, ref, { hiddenAt: sql`now()` });
      await auditKey(tx, actor, "key.hide", ref);
    });
  });
}

function sameQuota(a: UsageQuota | null, b: UsageQuota | null): boolean {
  return a === b || (a !== null && b !== null && a.limit === b.limit && a.period === b.period);
}
