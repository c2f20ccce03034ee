import "server-only";
import { getDb } from "@/db";
import { findClientAccount } from "@/db/queries/admin";
import { lockAccount, updateAccount } from "@/db/queries/accounts";
import type { Account } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit } from "@/lib/audit/record";
import { requireAdminRole } from "@/lib/auth/admin";
import { notFound } from "@/lib/errors";
import { changingKeys } from "@/lib/keys/change-notifications";
import { actorSummary, recordEvent } from "@/lib/events/record";

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
  action: "account.plan" | "account.suspend" | "account.reactivate",
  change: Pick<Account, "plan"> | Pick<Account, "status">,
): Promise<Account> {
  // Behind the action's own check: these commands cross tenants.
  requireAdminRole(actor);
  return changingKeys({ accountId: clientId }, async (tx) => {
    // Never a platform admin's personal account: an admin cannot lock the platform out of its own keys.
    const before = (await findClientAccount(clientId, tx)) && (await lockAccount(tx, clientId));
    if (!before) throw notFound("Client");
    const [field, to] = Object.entries(change)[0] as ["plan" | "status", string];
    if (before[field] === to) return before;
    // A plan set to the one its owner asked for answers the request.
    const answersRequest = field === "plan" && before.requestedPlan === to;
    const after = await updateAccount(tx, clientId, {
      ...change,
      ...(answersRequest && { requestedPlan: null, planRequestedAt: null, planRequestedBy: null }),
    });
    await recordAudit(
      tx,
      auditEntry(
        actor,
        action,
        { accountId: clientId },
        {
          [field]: { from: before[field], to },
          ...(answersRequest && { request: { to: "granted" } }),
        },
      ),
    );
    await recordEvent(tx, {
      accountId: clientId,
      type: field === "plan" ? "account.plan_changed" : to === "suspended" ? "account.suspended" : "account.reactivated",
      data: {
        account: { id: clientId, name: after.name },
        actor: actorSummary(actor),
        changes: { [field]: { from: before[field], to } },
      },
    });
    return after;
  });
}

export function setClientPlan(change: ClientChange, plan: Account["plan"]): Promise<Account> {
  return changeClient(change, "account.plan", { plan });
}

/** Declines the owner's open plan request: the plan stays as it is. */
export async function declinePlanRequest({ actor, clientId }: ClientChange): Promise<Account> {
  requireAdminRole(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = (await findClientAccount(clientId, tx)) && (await lockAccount(tx, clientId));
    if (!before) throw notFound("Client");
    if (!before.requestedPlan) return before;
    const after = await updateAccount(tx, clientId, { requestedPlan: null, planRequestedAt: null, planRequestedBy: null });
    await recordAudit(
      tx,
      auditEntry(
        actor,
        "account.plan_request.decline",
        { accountId: clientId },
        { requestedPlan: { from: before.requestedPlan } },
      ),
    );
    return after;
  });
}

export function setClientStatus(change: ClientChange, status: Account["status"]): Promise<Account> {
  return changeClient(change, status === "suspended" ? "account.suspend" : "account.reactivate", { status });
}
