import "server-only";
import { sql } from "drizzle-orm";
import type { KeyWithScopes } from "@/db/queries/keys";
import { endGraceSecrets, updateKeyRow } from "@/db/queries/key-writes";
import type { Actor } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { keyChangeEvent, recordEvent } from "@/lib/events/record";
import { assertPlanGivesAccess } from "@/lib/plans/enforce";
import { changingKeys } from "./change-notifications";
import { assertNotRevoked, auditKey, guarded, type KeyRef, lockedKey } from "./lifecycle-steps";
import { assertHeldByActingKey, assertWithinMemberRole } from "./scope-grants";

// The reversible switches of a key, beside lifecycle.ts's create, change, roll and revoke: disable and enable it, end
// the grace of its old secrets now. Each locks the key, tells every instance (a disabled key is refused everywhere
// within the second, as a revoked one is), and writes its audit row and event in one transaction.

/**
 * Turns a key off or on again. Off, every secret of it is refused (401) until it is turned on; unlike revoking,
 * nothing is lost. Turning on gives access back, so it asks what a roll asks: the key's scopes within what the actor
 * may grant, and a plan that gives API access. Asking for the state the key is in changes nothing.
 */
export async function setKeyDisabled(actor: Actor, ref: KeyRef, disabled: boolean): Promise<KeyWithScopes> {
  const action = disabled ? "key.disable" : "key.enable";
  return guarded(actor, action, ref, () =>
    changingKeys({ keyId: ref.keyId }, async (tx) => {
      const before = await lockedKey(tx, ref);
      assertNotRevoked(before);
      if ((before.disabledAt !== null) === disabled) return before;
      if (!disabled) {
        assertHeldByActingKey(actor, before.scopes);
        assertWithinMemberRole(actor, before.scopes);
        await assertPlanGivesAccess(tx, ref.accountId);
      }
      const updated = { ...(await updateKeyRow(tx, ref, { disabledAt: disabled ? sql`now()` : null })), scopes: before.scopes };
      const changes = {
        disabledAt: { from: before.disabledAt?.toISOString() ?? null, to: updated.disabledAt?.toISOString() ?? null },
      };
      await auditKey(tx, actor, action, ref, changes);
      await recordEvent(tx, keyChangeEvent(disabled ? "key.disabled" : "key.enabled", updated, actor, changes));
      return updated;
    }),
  );
}

/**
 * Ends now the grace period of a rolled key's old secrets, for an owner whose services have all moved to the new
 * secret (or who suspects the old one): the current secret is untouched. Answers the key and the visible starts of
 * the secrets ended; a key with none in grace is refused, so that the page can say there was nothing to end.
 */
export async function endGraceNow(actor: Actor, ref: KeyRef): Promise<{ key: KeyWithScopes; ended: string[] }> {
  return guarded(actor, "key.end_secret", ref, () =>
    changingKeys({ keyId: ref.keyId }, async (tx) => {
      const before = await lockedKey(tx, ref);
      assertNotRevoked(before);
      const ended = await endGraceSecrets(tx, ref.keyId);
      if (ended.length === 0) throw new AppError("conflict", "No old secret of this key is in a grace period.");
      await auditKey(tx, actor, "key.end_secret", ref, { secretStart: { to: ended }, endsAt: { to: "now" } });
      return { key: before, ended };
    }),
  );
}
