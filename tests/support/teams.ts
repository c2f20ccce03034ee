import { and, count, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { insertMembership } from "@/db/queries/accounts";
import { accounts, auditEvents, invitations, memberships, serviceAccounts, type MemberRole, type User } from "@/db/schema";
import { createOrganization } from "@/lib/accounts/members";
import { actorOf, createUser, memberActor } from "./factories";

export async function addMember(accountId: string, user: User, role: MemberRole): Promise<void> {
  const db = await getDb();
  await db.transaction((tx) => insertMembership(tx, accountId, user.id, role));
}

/** An organisation with one person of each role (the owner made it), each with their actor in it. */
export async function organizationWithTeam(name = "Acme") {
  const owner = await createUser({ name: "Olive Owner" });
  const org = await createOrganization(actorOf(owner), name);
  const people = { owner } as Record<MemberRole, User>;
  for (const role of ["admin", "developer", "viewer"] as const) {
    people[role] = await createUser({ name: `${role} person` });
    await addMember(org.id, people[role], role);
  }
  const as = (role: MemberRole) => memberActor(people[role], org.id, role);
  return { org, people, as };
}

export async function roleOf(accountId: string, userId: string): Promise<MemberRole | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
  return row?.role;
}

export async function auditActionsOf(accountId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.accountId, accountId))
    .orderBy(auditEvents.id);
  return rows.map((row) => row.action);
}

/** Everything about an account's people that a refused command must leave as it was, audit rows included. */
export async function teamSnapshot(accountId: string) {
  const db = await getDb();
  const [members, invites, services, [account]] = await Promise.all([
    db.select().from(memberships).where(eq(memberships.accountId, accountId)).orderBy(memberships.userId),
    db.select().from(invitations).where(eq(invitations.accountId, accountId)).orderBy(invitations.id),
    db.select().from(serviceAccounts).where(eq(serviceAccounts.accountId, accountId)).orderBy(serviceAccounts.id),
    db.select().from(accounts).where(eq(accounts.id, accountId)),
  ]);
  return { members, invites, services, account };
}

export async function countAudit(accountId: string, action: string): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), eq(auditEvents.action, action)));
  return row.n;
}
