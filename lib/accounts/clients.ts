import "server-only";
import { lockClient, updateUser } from "@/db/queries/users";
import type { User } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit } from "@/lib/audit/record";
import { requireAdminRole } from "@/lib/auth/admin";
import { notFound } from "@/lib/errors";
import { changingKeys } from "@/lib/keys/change-notifications";

interface ClientChange {
  actor: Actor;
  clientId: string;
}

/**
 * An admin's change to a client account, audited in its transaction. It counts as a change to every key of the
 * client, so every instance drops them from its cache when it commits: a suspension or a move to plan "none"
 * refuses their keys at once everywhere, and a reactivation restores them.
 */
async function changeClient(
  { actor, clientId }: ClientChange,
  action: "user.plan" | "user.suspend" | "user.reactivate",
  change: Pick<User, "plan"> | Pick<User, "status">,
): Promise<User> {
  // Behind the action's own check: these commands cross tenants.
  requireAdminRole(actor);
  return changingKeys({ ownerId: clientId }, async (tx) => {
    const before = await lockClient(tx, clientId);
    if (!before) throw notFound("Client");
    const [field, to] = Object.entries(change)[0] as ["plan" | "status", string];
    if (before[field] === to) return before;
    const after = await updateUser(tx, clientId, change);
    await recordAudit(tx, auditEntry(actor, action, { ownerId: clientId }, { [field]: { from: before[field], to } }));
    return after;
  });
}

export function setClientPlan(change: ClientChange, plan: User["plan"]): Promise<User> {
  return changeClient(change, "user.plan", { plan });
}

export function setClientStatus(change: ClientChange, status: User["status"]): Promise<User> {
  return changeClient(change, status === "suspended" ? "user.suspend" : "user.reactivate", { status });
}
