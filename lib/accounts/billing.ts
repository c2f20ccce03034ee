import "server-only";
import { updateAccount } from "@/db/queries/accounts";
import type { Account } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { closeAccountWithin } from "./account-closing";
import { auditMember, memberCommand } from "./member-steps";

// The owner's changes to the account itself: asking for another plan (an admin grants or declines it: see
// lib/accounts/clients.ts) and closing an organisation.

/** Asks the platform's admins for another plan. One request at a time: a new one replaces the open one. */
export async function requestPlan(actor: Actor, accountId: string, plan: Account["plan"]): Promise<Account> {
  return memberCommand(
    { actor, action: "account.plan_request", accountId, permission: "account.billing" },
    async (tx, account) => {
      if (account.closedAt) throw new AppError("conflict", "This account is closed.");
      if (account.plan === plan) throw new AppError("conflict", `The account is on the ${plan} plan already.`);
      const after = await updateAccount(tx, accountId, {
        requestedPlan: plan,
        planRequestedAt: new Date(),
        planRequestedBy: actor.userId,
      });
      await auditMember(tx, actor, "account.plan_request", accountId, {
        plan: { from: account.plan, to: plan },
        ...(account.requestedPlan && { replaces: { from: account.requestedPlan } }),
      });
      return after;
    },
  );
}

export async function withdrawPlanRequest(actor: Actor, accountId: string): Promise<Account> {
  return memberCommand(
    { actor, action: "account.plan_request.withdraw", accountId, permission: "account.billing" },
    async (tx, account) => {
      if (!account.requestedPlan) return account;
      const after = await updateAccount(tx, accountId, { requestedPlan: null, planRequestedAt: null, planRequestedBy: null });
      await auditMember(tx, actor, "account.plan_request.withdraw", accountId, {
        requestedPlan: { from: account.requestedPlan },
      });
      return after;
    },
  );
}

/**
 * Deletes an organisation as far as anyone can use it (closeAccountWithin): every key revoked at once on every
 * instance, webhooks turned off, invitations revoked, service accounts retired, every member removed. The row, its keys, usage and audit trail stay for the
 * platform's records (an admin still finds it, marked closed). The owner types the account's name to confirm. A
 * personal account is its person's own and is not closed this way.
 */
export async function closeAccount(actor: Actor, accountId: string, confirmation: string): Promise<Account> {
  return memberCommand(
    { actor, action: "account.close", accountId, permission: "account.delete", changesKeys: true },
    async (tx, account) => {
      if (account.kind === "personal") throw new AppError("conflict", "A personal account cannot be deleted.");
      if (account.closedAt) return account;
      if (confirmation.trim() !== account.name) {
        throw new AppError("validation_failed", "Check the highlighted fields.", {
          confirmation: [`Type the account's name, ${account.name}, to confirm.`],
        });
      }
      return closeAccountWithin(tx, actor, account);
    },
  );
}
