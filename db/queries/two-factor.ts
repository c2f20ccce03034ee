import "server-only";
import { and, count, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db";
import { userRecoveryCodes, userTwoFactor, type UserTwoFactor } from "@/db/schema";

export async function findTwoFactor(userId: string): Promise<UserTwoFactor | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, userId)).limit(1);
  return row;
}

/** Of these users, the ones with two-factor sign-in on (the admin area's badge). */
export async function usersWithTwoFactor(userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const db = await getDb();
  const rows = await db
    .select({ userId: userTwoFactor.userId })
    .from(userTwoFactor)
    .where(and(inArray(userTwoFactor.userId, userIds), isNotNull(userTwoFactor.enabledAt)));
  return new Set(rows.map((row) => row.userId));
}

/**
 * Starts (or starts again) an enrolment with a new sealed secret; false when two-factor sign-in is already on, whose
 * secret an enrolment must never replace (turning it off asks for proof first).
 */
export async function savePendingTwoFactor(userId: string, secretSealed: string): Promise<boolean> {
  const db = await getDb();
  const saved = await db
    .insert(userTwoFactor)
    .values({ userId, secretSealed })
    .onConflictDoUpdate({
      target: userTwoFactor.userId,
      set: { secretSealed, lastTimeStep: null, createdAt: sql`now()` },
      setWhere: isNull(userTwoFactor.enabledAt),
    })
    .returning({ userId: userTwoFactor.userId });
  return saved.length > 0;
}

/**
 * Records `timeStep` as the last accepted one, only if it is newer than the one stored: of two requests with the same
 * code, one wins. `enable` also turns two-factor sign-in on (the enrolment's confirming code). False: replayed.
 */
export async function claimTimeStep(
  executor: Executor,
  userId: string,
  timeStep: number,
  /** Enabling: the secret the code was checked against, which a second "start" in another tab may have replaced. */
  { enable }: { enable?: { secretSealed: string } } = {},
): Promise<boolean> {
  const claimed = await executor
    .update(userTwoFactor)
    .set(enable ? { lastTimeStep: timeStep, enabledAt: sql`now()` } : { lastTimeStep: timeStep })
    .where(
      and(
        eq(userTwoFactor.userId, userId),
        enable
          ? and(isNull(userTwoFactor.enabledAt), eq(userTwoFactor.secretSealed, enable.secretSealed))
          : isNotNull(userTwoFactor.enabledAt),
        or(isNull(userTwoFactor.lastTimeStep), lt(userTwoFactor.lastTimeStep, timeStep)),
      ),
    )
    .returning({ userId: userTwoFactor.userId });
  return claimed.length > 0;
}

export async function deleteTwoFactor(executor: Executor, userId: string): Promise<boolean> {
  await executor.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  const deleted = await executor
    .delete(userTwoFactor)
    .where(and(eq(userTwoFactor.userId, userId), isNotNull(userTwoFactor.enabledAt)))
    .returning({ userId: userTwoFactor.userId });
  return deleted.length > 0;
}

/** Everything of the user's second factor, set up or only begun: for a deleted person. */
export async function forgetTwoFactor(executor: Executor, userId: string): Promise<void> {
  await executor.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  await executor.delete(userTwoFactor).where(eq(userTwoFactor.userId, userId));
}

/** Replaces every recovery code of the user's (used or not) with these hashes. */
export async function replaceRecoveryCodes(executor: Executor, userId: string, codeHashes: string[]): Promise<void> {
  await executor.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  await executor.insert(userRecoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
}

/** Uses the code once: true for the one request that marks it used, false for a wrong or used code. */
export async function claimRecoveryCode(executor: Executor, userId: string, codeHash: string): Promise<boolean> {
  const claimed = await executor
    .update(userRecoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(userRecoveryCodes.userId, userId), eq(userRecoveryCodes.codeHash, codeHash), isNull(userRecoveryCodes.usedAt)))
    .returning({ id: userRecoveryCodes.id });
  return claimed.length > 0;
}

export async function countRecoveryCodesLeft(userId: string): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: count() })
    .from(userRecoveryCodes)
    .where(and(eq(userRecoveryCodes.userId, userId), isNull(userRecoveryCodes.usedAt)));
  return Number(row?.n ?? 0);
}
