import "server-only";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb, type Executor, type Transaction } from "@/db";
import { userTokens, type NewUserToken, type UserToken, type UserTokenPurpose } from "@/db/schema";

// One-time links mailed to a person (db/schema/user-tokens.ts): reads and plain writes; the commands that make and
// spend them are in lib/accounts/.

export async function insertUserToken(tx: Transaction, token: NewUserToken): Promise<UserToken> {
  const [created] = await tx.insert(userTokens).values(token).returning();
  return created;
}

/** Withdraws the person's open tokens of one kind (all kinds when none is named); answers how many. */
export async function revokeOpenUserTokens(tx: Transaction, userId: string, purpose?: UserTokenPurpose): Promise<number> {
  const revoked = await tx
    .update(userTokens)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(userTokens.userId, userId),
        purpose ? eq(userTokens.purpose, purpose) : undefined,
        isNull(userTokens.usedAt),
        isNull(userTokens.revokedAt),
      ),
    )
    .returning({ id: userTokens.id });
  return revoked.length;
}

/** The token with this hash and purpose, locked when asked: of two uses of one link, exactly one succeeds. */
export async function findUserTokenByHash(
  tokenHash: string,
  purpose: UserTokenPurpose,
  executor?: Executor,
  options: { forUpdate?: boolean } = {},
): Promise<UserToken | undefined> {
  const db = executor ?? (await getDb());
  const query = db
    .select()
    .from(userTokens)
    .where(and(eq(userTokens.tokenHash, tokenHash), eq(userTokens.purpose, purpose)))
    .limit(1);
  const [token] = options.forUpdate ? await query.for("update") : await query;
  return token;
}

export async function markUserTokenUsed(tx: Transaction, id: string): Promise<void> {
  await tx.update(userTokens).set({ usedAt: sql`now()` }).where(eq(userTokens.id, id));
}

/** The person's email change waiting for its confirmation, if any (the newest open, unexpired one). */
export async function findPendingEmailChange(userId: string, executor?: Executor): Promise<UserToken | undefined> {
  const db = executor ?? (await getDb());
  const [token] = await db
    .select()
    .from(userTokens)
    .where(
      and(
        eq(userTokens.userId, userId),
        eq(userTokens.purpose, "email_change"),
        isNull(userTokens.usedAt),
        isNull(userTokens.revokedAt),
        gt(userTokens.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(userTokens.createdAt))
    .limit(1);
  return token;
}
