import "server-only";
import {
  findServiceAccount,
  insertServiceAccount,
  listLiveKeyIdsOfServiceAccount,
  markServiceAccountRetired,
} from "@/db/queries/service-accounts";
import type { ServiceAccount } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { notFound } from "@/lib/errors";
import { revokeKeysWithin } from "@/lib/keys/lifecycle";
import type { CreateServiceAccountInput } from "@/lib/validations/members";
import { auditMember, memberCommand } from "./member-steps";

export async function createServiceAccount(
  actor: Actor,
  accountId: string,
  input: CreateServiceAccountInput,
): Promise<ServiceAccount> {
  return memberCommand({ actor, action: "service_account.create", accountId, permission: "members.manage" }, async (tx) => {
    const created = await insertServiceAccount(tx, { accountId, ...input, createdBy: actor.userId });
    await auditMember(tx, actor, "service_account.create", accountId, {
      serviceAccountId: { to: created.id },
      name: { to: created.name },
      role: { to: created.role },
    });
    return created;
  });
}

/**
 * Retires the service account and revokes every key it holds, in one transaction that every instance hears of: none
 * of its keys works a moment after it commits. Each key's revocation is audited as if revoked one by one.
 */
export async function retireServiceAccount(actor: Actor, accountId: string, serviceAccountId: string): Promise<ServiceAccount> {
  return memberCommand(
    { actor, action: "service_account.retire", accountId, permission: "members.manage", changesKeys: true },
    async (tx) => {
      const before = await findServiceAccount({ accountId, serviceAccountId }, tx, { lock: "update" });
      if (!before) throw notFound("Service account");
      if (before.retiredAt) return before;
      const keyIds = await listLiveKeyIdsOfServiceAccount(tx, accountId, serviceAccountId);
      await revokeKeysWithin(tx, actor, accountId, keyIds, { serviceAccountId: { to: serviceAccountId } });
      const retired = await markServiceAccountRetired(tx, serviceAccountId);
      await auditMember(tx, actor, "service_account.retire", accountId, {
        serviceAccountId: { to: serviceAccountId },
        retiredAt: { to: retired.retiredAt?.toISOString() },
        revokedKeys: { to: keyIds },
      });
      return retired;
    },
  );
}
