import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Transaction } from "@/db";
import { users, type NewUser, type User } from "@/db/schema";

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

/** A client account (never an admin's), locked until the transaction ends. */
export async function lockClient(tx: Transaction, clientId: string): Promise<User | undefined> {
  const [client] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, clientId), eq(users.role, "client")))
    .for("update");
  return client;
}

export async function updateUser(tx: Transaction, userId: string, change: Partial<Pick<User, "plan" | "status">>): Promise<User> {
  const [after] = await tx.update(users).set(change).where(eq(users.id, userId)).returning();
  return after;
}
