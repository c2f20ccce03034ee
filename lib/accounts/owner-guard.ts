import "server-only";
import { getDb } from "@/db";
import type { Actor } from "@/lib/audit/actor";
import { recordDenied } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { assertActingMemberCurrent } from "./acting-member";
import { requirePermission, type Permission } from "./roles";

/** Whose things a command changes: an account's own, or (null) the platform's, which only admins manage. */
export interface PlatformOrAccount {
  accountId: string | null;
}

/**
 * Runs `change` for an actor allowed to: on an account's things, a member (or key) whose role gives `permission`;
 * on the platform's, an admin in the dashboard (never a key). A refusal, or a thing of another owner's (not found),
 * leaves `<action>.denied` in the trail before it is thrown. Webhook endpoints and key templates share it.
 */
export async function guardedOwnerCommand<T>(
  actor: Actor,
  action: string,
  owner: PlatformOrAccount,
  rule: { permission: Permission; platformRefusal: string },
  change: () => Promise<T>,
): Promise<T> {
  try {
    if (owner.accountId === null) {
      if (actor.role !== "admin" || actor.keyId) throw new AppError("forbidden", rule.platformRefusal);
    } else {
      requirePermission(actor, owner.accountId, rule.permission);
      await assertActingMemberCurrent(actor, owner.accountId);
    }
    return await change();
  } catch (error) {
    if (error instanceof AppError && (error.code === "not_found" || error.code === "forbidden")) {
      await recordDenied(await getDb(), actor, action, { accountId: owner.accountId ?? actor.userId }, error.code);
    }
    throw error;
  }
}
