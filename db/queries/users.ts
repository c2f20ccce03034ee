import "server-only";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { getDb, type Executor, type Transaction } from "@/db";
import { accounts, memberships, users, type Account, type NewUser, type User } from "@/db/schema";

/** The person signed up with this email (any case); a deleted person is nobody's to find. */
export async function findUserByEmail(email: string): Promise<User | undefined> {
  const db = await getDb();
  const [user] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, isNull(users.deletedAt)))
    .limit(1);
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

/** The person's row, locked until the transaction ends: changes to their name, email, password or deletion take turns. */
export async function lockUser(tx: Transaction, id: string): Promise<User | undefined> {
  const [user] = await tx.select().from(users).where(eq(users.id, id)).for("update");
  return user;
}

export type UserChange = Partial<Pick<User, "name" | "email" | "passwordHash" | "deletedAt">>;

export async function updateUser(tx: Transaction, id: string, change: UserChange): Promise<User> {
  const [after] = await tx.update(users).set(change).where(eq(users.id, id)).returning();
  return after;
}

/** Whether another person already has this email (any case): the unique index would refuse it. */
export async function isEmailTaken(executor: Executor, email: string, exceptUserId: string): Promise<boolean> {
  const [row] = await executor
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, ne(users.id, exceptUserId)))
    .limit(1);
  return row !== undefined;
}

/**
 * Platform admins other than this one who have not been deleted; locked when asked, so that the last admin cannot go
 * by two deletions at once.
 */
export async function countOtherAdmins(
  exceptUserId: string,
  executor?: Executor,
  options: { forUpdate?: boolean } = {},
): Promise<number> {
  const db = executor ?? (await getDb());
  const query = db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.deletedAt), ne(users.id, exceptUserId)));
  const rows = options.forUpdate ? await query.for("update") : await query;
  return rows.length;
}
