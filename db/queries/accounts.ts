import "server-only";
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import { getDb, type Executor, type Transaction } from "@/db";
import { accounts, apiKeys, invitations, memberships, serviceAccounts, users, type Account, type MemberRole } from "@/db/schema";

/**
 * True for a platform admin's personal account, which holds the platform's own keys: no plan limits it and it is not a
 * client. For a select from accounts; qualified by hand, since in a one-table select drizzle writes a bare "id", which
 * the subquery would read as its own table's.
 */
export const isPlatformOwned = sql<boolean>`(${accounts.kind} = 'personal' and exists (
  select 1 from users platform_admin where platform_admin.id = "accounts"."id" and platform_admin.role = 'admin'))`;

export interface AccountMembership {
  account: Account;
  role: MemberRole;
}

/** Every account the user is a member of, personal first, then by name. */
export async function listMembershipsOfUser(userId: string, executor?: Executor): Promise<AccountMembership[]> {
  const db = executor ?? (await getDb());
  const rows = await db
    .select({ account: accounts, role: memberships.role })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.userId, userId))
    .orderBy(sql`${accounts.kind} = 'personal' desc`, asc(accounts.name), asc(accounts.id));
  return rows;
}

export async function findAccount(accountId: string, executor?: Executor): Promise<Account | undefined> {
  const db = executor ?? (await getDb());
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1);
  return account;
}

/** The account, locked until the transaction ends: changes to it (plan, status, members) take turns. */
export async function lockAccount(tx: Transaction, accountId: string): Promise<Account | undefined> {
  const [account] = await tx.select().from(accounts).where(eq(accounts.id, accountId)).for("update");
  return account;
}

export type AccountChange = Partial<
  Pick<Account, "plan" | "status" | "name" | "requestedPlan" | "planRequestedAt" | "planRequestedBy" | "closedAt">
>;

export async function updateAccount(tx: Transaction, accountId: string, change: AccountChange): Promise<Account> {
  const [after] = await tx.update(accounts).set(change).where(eq(accounts.id, accountId)).returning();
  return after;
}

export async function insertAccount(
  tx: Transaction,
  account: Pick<Account, "name" | "kind"> & Partial<Account>,
): Promise<Account> {
  const [created] = await tx.insert(accounts).values(account).returning();
  return created;
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
  since: Date;
  lastSignInAt: Date | null;
}

/** People of an account, owners first. */
export async function listMembers(accountId: string, executor?: Executor): Promise<Member[]> {
  const db = executor ?? (await getDb());
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      since: memberships.createdAt,
      lastSignInAt: users.lastSignInAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.accountId, accountId))
    .orderBy(asc(memberships.role), asc(users.name), asc(users.email));
}

/** One member's row, locked until the transaction ends. */
export async function lockMembership(tx: Transaction, accountId: string, userId: string) {
  const [row] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)))
    .for("update");
  return row;
}

/** Owners of the account, their rows locked: the last owner must not be removed or demoted by two changes at once. */
export async function lockOwners(tx: Transaction, accountId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.role, "owner")))
    .for("update");
  return rows.map((row) => row.userId);
}

export async function insertMembership(tx: Transaction, accountId: string, userId: string, role: MemberRole): Promise<void> {
  await tx.insert(memberships).values({ accountId, userId, role });
}

export async function setMembershipRole(tx: Transaction, accountId: string, userId: string, role: MemberRole): Promise<void> {
  await tx
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
}

export async function deleteMembership(tx: Transaction, accountId: string, userId: string): Promise<void> {
  await tx.delete(memberships).where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
}

/** Whether someone with this email (any case) is already a member of the account. */
export async function isMemberByEmail(executor: Executor, accountId: string, email: string): Promise<boolean> {
  const [row] = await executor
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, accountId), sql`lower(${users.email}) = ${email.toLowerCase()}`))
    .limit(1);
  return row !== undefined;
}

/** Keys of the account that still work (not revoked), locked: closing the account revokes them. */
export async function lockLiveKeyIds(tx: Transaction, accountId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
    .orderBy(apiKeys.id)
    .for("update");
  return rows.map((row) => row.id);
}

export async function revokeOpenInvitations(tx: Transaction, accountId: string): Promise<void> {
  await tx
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invitations.accountId, accountId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
}

export async function retireServiceAccountsOf(tx: Transaction, accountId: string): Promise<void> {
  await tx
    .update(serviceAccounts)
    .set({ retiredAt: sql`now()` })
    .where(and(eq(serviceAccounts.accountId, accountId), isNull(serviceAccounts.retiredAt)));
}

/** Removes every member of the account; answers how many there were. */
export async function deleteMemberships(tx: Transaction, accountId: string): Promise<number> {
  const removed = await tx
    .delete(memberships)
    .where(eq(memberships.accountId, accountId))
    .returning({ userId: memberships.userId });
  return removed.length;
}

/** Organisations (not deleted) the user owns. */
export async function countOwnedOrganizations(tx: Transaction, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(
      and(
        eq(memberships.userId, userId),
        eq(memberships.role, "owner"),
        eq(accounts.kind, "organization"),
        isNull(accounts.closedAt),
      ),
    );
  return Number(row?.n ?? 0);
}

/** The user's role in the account now, or undefined when they are no longer a member. */
export async function findMemberRole(accountId: string, userId: string, executor?: Executor): Promise<MemberRole | undefined> {
  const db = executor ?? (await getDb());
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
  return row?.role;
}

/** How many owners the account has. */
export async function countOwners(accountId: string, executor?: Executor): Promise<number> {
  const db = executor ?? (await getDb());
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.role, "owner")));
  return Number(row?.n ?? 0);
}

/** Renames the person's personal account (its id is theirs) while it still bears their old name; answers whether it did. */
export async function renamePersonalAccount(tx: Transaction, userId: string, from: string, to: string): Promise<boolean> {
  const renamed = await tx
    .update(accounts)
    .set({ name: to })
    .where(and(eq(accounts.id, userId), eq(accounts.kind, "personal"), eq(accounts.name, from)))
    .returning({ id: accounts.id });
  return renamed.length > 0;
}
