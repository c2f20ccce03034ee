import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { accounts, memberships, users, type Account, type NewUser, type User } from "@/db/schema";

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

/** What a new person's personal account starts with; sign-up never lets the caller choose either. */
export interface PersonalAccountSettings {
  plan?: Account["plan"];
  status?: Account["status"];
}

/**
 * Inserts a user unless the email is taken (case-insensitively), with the personal account they own (same id), in one
 * transaction; returns undefined when the email is taken.
 */
export async function insertUserIfNew(user: NewUser, account: PersonalAccountSettings = {}): Promise<User | undefined> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(users).values(user).onConflictDoNothing().returning();
    if (!created) return undefined;
    await tx.insert(accounts).values({ id: created.id, name: created.name, kind: "personal", ...account });
    await tx.insert(memberships).values({ accountId: created.id, userId: created.id, role: "owner" });
    return created;
  });
}

export async function recordSignIn(userId: string): Promise<void> {
  const db = await getDb();
  await db.update(users).set({ lastSignInAt: sql`now()` }).where(eq(users.id, userId));
}
