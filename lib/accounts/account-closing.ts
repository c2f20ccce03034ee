import "server-only";
import type { Transaction } from "@/db";
import {
  deleteMemberships,
  lockLiveKeyIds,
  retireServiceAccountsOf,
  revokeOpenInvitations,
  updateAccount,
} from "@/db/queries/accounts";
import { disableEndpointsOf } from "@/db/queries/webhooks";
import type { Account, AuditChanges } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit } from "@/lib/audit/record";
import { revokeKeysWithin } from "@/lib/keys/lifecycle";

/**
 * Closes an account inside the caller's transaction, which must tell every instance that the account's keys changed
 * (changingKeys or changingKeysOfAccounts) and hold the account's lock: every key revoked (each its own audit row),
 * webhook endpoints turned off, open invitations revoked, service accounts retired, every member removed. The row, its
 * keys, usage and audit trail stay for the platform's records. `why` joins the audit row's changes.
 */
export async function closeAccountWithin(
  tx: Transaction,
  actor: Actor,
  account: Account,
  why: AuditChanges = {},
): Promise<Account> {
  if (account.closedAt) return account;
  const revokedKeys = await lockLiveKeyIds(tx, account.id);
  await revokeKeysWithin(tx, actor, account.id, revokedKeys, { accountClosed: { to: true } });
  const disabledWebhooks = await disableEndpointsOf(tx, account.id, "account_closed");
  await revokeOpenInvitations(tx, account.id);
  await retireServiceAccountsOf(tx, account.id);
  const members = await deleteMemberships(tx, account.id);
  const after = await updateAccount(tx, account.id, {
    closedAt: new Date(),
    requestedPlan: null,
    planRequestedAt: null,
    planRequestedBy: null,
  });
  await recordAudit(
    tx,
    auditEntry(
      actor,
      "account.close",
      { accountId: account.id },
      {
        closedAt: { to: after.closedAt?.toISOString() },
        revokedKeys: { to: revokedKeys },
        removedMembers: { to: members },
        ...(disabledWebhooks > 0 && { disabledWebhooks: { to: disabledWebhooks } }),
        ...why,
      },
    ),
  );
  return after;
}
