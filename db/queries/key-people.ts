import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKeys, memberships, serviceAccounts, users, type MemberRole, type ServiceAccount } from "@/db/schema";

/** Who made a key and who holds it, as stored: lib/keys/key-people.ts decides what a reader of the key page sees. */
export interface KeyPeopleRow {
  /** Null for a key made through the API or the command line: no person made it. */
  createdBy: string | null;
  /** The maker as a user, while their user row exists. */
  creator: { name: string; email: string; platformRole: "client" | "admin" } | null;
  /** The maker's role in the key's account now; null once they have left it (or were never in it: an admin). */
  creatorMemberRole: MemberRole | null;
  holder: ServiceAccount | null;
}

/**
 * One read for the key page: the key's maker (with whether they are still a member of the account) and its service
 * account. The account is part of every join, so another tenant's key id finds nothing.
 */
export async function findKeyPeople({
  keyId,
  accountId,
}: {
  keyId: string;
  accountId: string;
}): Promise<KeyPeopleRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({
      createdBy: apiKeys.createdBy,
      creatorName: users.name,
      creatorEmail: users.email,
      creatorPlatformRole: users.role,
      creatorMemberRole: memberships.role,
      holder: serviceAccounts,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .leftJoin(memberships, and(eq(memberships.accountId, apiKeys.accountId), eq(memberships.userId, apiKeys.createdBy)))
    .leftJoin(
      serviceAccounts,
      and(eq(serviceAccounts.id, apiKeys.serviceAccountId), eq(serviceAccounts.accountId, apiKeys.accountId)),
    )
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId)));
  if (!row) return undefined;
  return {
    createdBy: row.createdBy,
    creator:
      row.creatorEmail !== null && row.creatorName !== null && row.creatorPlatformRole !== null
        ? { name: row.creatorName, email: row.creatorEmail, platformRole: row.creatorPlatformRole }
        : null,
    creatorMemberRole: row.creatorMemberRole,
    holder: row.holder,
  };
}
