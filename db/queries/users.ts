import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { users, type NewUser, type User } from "@/db/schema";

export async function findUserByEmail(email: string): Promise<User | undefined> {
  const db = await getDb();
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
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
