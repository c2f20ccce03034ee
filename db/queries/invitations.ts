import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { getDb, type Executor, type Transaction } from "@/db";
import { accounts, invitations, users, type Invitation, type MemberRole } from "@/db/schema";

// An invitation is open until it is accepted or revoked; an expired one stays open (and listed, marked expired) until
// it is replaced or revoked, so that the one-open-invitation-per-address index keeps its meaning.
const isOpen = and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt));

export interface OpenInvitation {
  id: string;
  email: string;
  role: MemberRole;
  expiresAt: Date;
  createdAt: Date;
  invitedByName: string | null;
}

export async function listOpenInvitations(accountId: string, executor?: Executor): Promise<OpenInvitation[]> {
  const db = executor ?? (await getDb());
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      invitedByName: users.name,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.accountId, accountId), isOpen))
    .orderBy(asc(invitations.createdAt));
}

export async function insertInvitation(
  tx: Transaction,
  invitation: Pick<Invitation, "accountId" | "email" | "role" | "tokenHash" | "invitedBy" | "expiresAt">,
): Promise<Invitation> {
  const [created] = await tx.insert(invitations).values(invitation).returning();
  return created;
}

/** Revokes the address's open invitation to the account, if there is one; returns its id. */
/** Revokes the address's open invitation to the account, if any; answers what it was (its id and role). */
export async function revokeOpenInvitationFor(
  tx: Transaction,
  accountId: string,
  email: string,
): Promise<{ id: string; role: MemberRole } | undefined> {
  const [revoked] = await tx
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invitations.accountId, accountId), sql`lower(${invitations.email}) = ${email.toLowerCase()}`, isOpen))
    .returning({ id: invitations.id, role: invitations.role });
  return revoked;
}

/** An open invitation of the account, locked: the account is part of the lookup, so another's id finds nothing. */
export async function lockOpenInvitation(
  tx: Transaction,
  accountId: string,
  invitationId: string,
): Promise<Invitation | undefined> {
  const [row] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, invitationId), eq(invitations.accountId, accountId), isOpen))
    .for("update");
  return row;
}

export async function markInvitationRevoked(tx: Transaction, invitationId: string): Promise<void> {
  await tx.update(invitations).set({ revokedAt: sql`now()` }).where(eq(invitations.id, invitationId));
}

export async function markInvitationAccepted(tx: Transaction, invitationId: string, userId: string): Promise<void> {
  await tx.update(invitations).set({ acceptedAt: sql`now()`, acceptedBy: userId }).where(eq(invitations.id, invitationId));
}

export interface InvitationWithAccount {
  invitation: Invitation;
  accountName: string;
  accountKind: "personal" | "organization";
  invitedByName: string | null;
}

/**
 * The invitation a token's hash names, with its account and who sent it; locked when asked, so that two accepts of
 * one link take turns and the second sees the first's acceptance.
 */
export async function findInvitationByTokenHash(
  tokenHash: string,
  executor?: Executor,
  options: { forUpdate?: boolean } = {},
): Promise<InvitationWithAccount | undefined> {
  const db = executor ?? (await getDb());
  const query = db
    .select({ invitation: invitations, accountName: accounts.name, accountKind: accounts.kind, invitedByName: users.name })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.tokenHash, tokenHash));
  const [row] = await (options.forUpdate ? query.for("update", { of: invitations }) : query);
  return row;
}
