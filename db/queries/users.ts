import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { users, type NewUser, type User } from "@/db/schema";
import { insertAuditEvent } from "@/db/queries/audit";
import { notifyKeyChange } from "@/db/queries/key-changes";
import { evictKeys } from "@/lib/keys/cache";
import type { Actor } from "@/lib/audit/actor";
import { notFound } from "@/lib/errors";
import { requireAdminRole } from "@/lib/auth/admin";

export async function findUserByEmail(email: string): Promise<User | undefined> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).limit(1);
  return user;
}

export async function findUserById(id: string): Promise<User | undefined> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

/** Inserts a user unless the email is taken (case-insensitively); returns undefined when it is. */
export async function insertUserIfNew(user: NewUser): Promise<User | undefined> {
  const db = await getDb();
  const [created] = await db.insert(users).values(user).onConflictDoNothing().returning();
  return created;
}

export async function recordSignIn(userId: string): Promise<void> {
  const db = await getDb();
  await db.update(users).set({ lastSignInAt: sql`now()` }).where(eq(users.id, userId));
}

interface AdminChange {
  actor: Actor;
  clientId: string;
}

/**
 * An admin's change to a client account, audited in its transaction. Every instance drops the client's cached keys
 * when it commits, so a suspension or a move to plan "none" refuses their keys at once everywhere.
 */
async function changeClient(
  { actor, clientId }: AdminChange,
  action: "user.plan" | "user.suspend" | "user.reactivate",
  field: "plan" | "status",
  to: User["plan"] | User["status"],
): Promise<User> {
  requireAdminRole(actor);
  const db = await getDb();
  return db
    .transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(users)
        .where(and(eq(users.id, clientId), eq(users.role, "client")))
        .for("update");
      if (!before) throw notFound("Client");
      if (before[field] === to) return before;
      const [after] = await tx
        .update(users)
        .set(field === "plan" ? { plan: to as User["plan"] } : { status: to as User["status"] })
        .where(eq(users.id, clientId))
        .returning();
      await insertAuditEvent(tx, {
        actorUserId: actor.userId,
        actorKeyId: actor.keyId,
        ownerId: clientId,
        action,
        ip: actor.ip,
        userAgent: actor.userAgent,
        changes: { [field]: { from: before[field], to } },
      });
      await notifyKeyChange(tx, { ownerId: clientId });
      return after;
    })
    .finally(() => evictKeys({ ownerIds: [clientId] }));
}

export function setClientPlan(change: AdminChange, plan: User["plan"]): Promise<User> {
  return changeClient(change, "user.plan", "plan", plan);
}

export function setClientStatus(change: AdminChange, status: User["status"]): Promise<User> {
  return changeClient(change, status === "suspended" ? "user.suspend" : "user.reactivate", "status", status);
}
