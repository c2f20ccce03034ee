import "server-only";
import { type ClientRow, findClientAccount, listClientAccounts } from "@/db/queries/admin";
import { type UsageOverview, type UsageRange, usageOverview } from "@/db/queries/usage-analytics";
import { type RankedAccount, type RankedKey, rankAccounts, rankPlatformKeys } from "@/db/queries/usage-rankings";
import type { Account, User } from "@/db/schema";
import { requireAdminRole } from "@/lib/auth/admin";

// The admin area's reads cross tenants, so each checks the caller's role itself, behind the page's own check.

type Caller = Pick<User, "role">;

export async function listClients(
  caller: Caller,
  query: { q: string; page: number },
): Promise<{ clients: ClientRow[]; total: number }> {
  requireAdminRole(caller);
  return listClientAccounts(query);
}

/** A client account (never an admin's personal one) for the admin's client page. */
export async function findClient(caller: Caller, clientId: string): Promise<Account | undefined> {
  requireAdminRole(caller);
  return findClientAccount(clientId);
}

/** Usage across tenants: the whole platform, or one client. */
export async function adminUsage(caller: Caller, days: UsageRange, accountId?: string): Promise<UsageOverview> {
  requireAdminRole(caller);
  return usageOverview(accountId ? { accountId } : {}, days);
}

/** The platform's busiest clients and keys over the range, ten of each. */
export async function adminRankings(
  caller: Caller,
  days: UsageRange,
): Promise<{ topAccounts: RankedAccount[]; topKeys: RankedKey[] }> {
  requireAdminRole(caller);
  const [topAccounts, topKeys] = await Promise.all([rankAccounts(days, 10), rankPlatformKeys(days, 10)]);
  return { topAccounts, topKeys };
}
