import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { resultRows } from "@/db/rows";
import { accounts, apiKeys, memberships, usageAccountRollups, usageKeyDays, users } from "@/db/schema";
import { rangeDays } from "@/db/utc-days";

// Who used the API most over a range: keys from the key days (a row per key and day), accounts from the account
// rollups. Only the rows a page shows are named: names, owners' emails and last use are read for those alone.

export interface RankedKey {
  keyId: string;
  name: string;
  accountId: string;
  /** Accepted calls in the range; of which `errors` answered 400 or above. */
  requests: number;
  errors: number;
  /** Calls the gate refused: not requests. */
  refused: number;
  lastUsedAt: Date | null;
}

type KeyRankRow = {
  key_id: string;
  name: string;
  requests: string;
  errors: string;
  refused: string;
  last_used_at: string | Date | null;
  total: string;
};

/**
 * One page of an account's keys that were called in the last `days` days (UTC), busiest first (then by name), with
 * `total`, how many such keys there are. Keys hidden from the list are left out, as on /keys; keys without a call in
 * the range are not ranked at all. Summing the account's key days is one index-only scan of
 * usage_key_days_account_day_idx: 10,000 keys over 30 days are 300,000 entries, however many calls they made.
 */
export async function rankAccountKeys(
  accountId: string,
  days: number,
  { limit, offset = 0 }: { limit: number; offset?: number },
  now = new Date(),
): Promise<{ keys: RankedKey[]; total: number }> {
  const since = rangeDays(days, now)[0];
  const db = await getDb();
  const result = await db.execute<KeyRankRow>(sql`
    with sums as (
      select key_id, sum(requests) as requests, sum(errors) as errors, sum(refused) as refused
      from ${usageKeyDays} where account_id = ${accountId} and day >= ${since}::date
      group by key_id)
    select s.key_id, k.name, s.requests, s.errors, s.refused, k.last_used_at, count(*) over () as total
    from sums s join ${apiKeys} k on k.id = s.key_id and k.account_id = ${accountId} and k.hidden_at is null
    order by s.requests desc, s.refused desc, k.name, k.id
    limit ${limit} offset ${offset}`);
  const rows = resultRows<KeyRankRow>(result);
  return {
    total: rows.length > 0 ? Number(rows[0].total) : offset > 0 ? await countRankedKeys(accountId, since) : 0,
    keys: rows.map((row) => ({
      keyId: row.key_id,
      name: row.name,
      accountId,
      requests: Number(row.requests),
      errors: Number(row.errors),
      refused: Number(row.refused),
      lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
    })),
  };
}

/** How many keys a ranking has, for a page past its end (the window count comes with rows only). */
async function countRankedKeys(accountId: string, since: string): Promise<number> {
  const db = await getDb();
  const result = await db.execute<{ n: number }>(sql`
    select count(distinct d.key_id)::int as n from ${usageKeyDays} d join ${apiKeys} k on k.id = d.key_id
    where d.account_id = ${accountId} and d.day >= ${since}::date and k.hidden_at is null`);
  return Number(resultRows<{ n: number }>(result)[0]?.n ?? 0);
}

/** The platform's busiest keys over the range by accepted calls, whatever their account (the admin's overview). */
export async function rankPlatformKeys(days: number, limit: number, now = new Date()): Promise<RankedKey[]> {
  const since = rangeDays(days, now)[0];
  const db = await getDb();
  const result = await db.execute<{ key_id: string; requests: string; errors: string; refused: string }>(sql`
    select key_id, sum(requests) as requests, sum(errors) as errors, sum(refused) as refused
    from ${usageKeyDays} where day >= ${since}::date
    group by key_id having sum(requests) > 0
    order by sum(requests) desc, key_id
    limit ${limit}`);
  const sums = resultRows<{ key_id: string; requests: string; errors: string; refused: string }>(result);
  if (sums.length === 0) return [];
  const keys = await db
    .select({ id: apiKeys.id, name: apiKeys.name, accountId: apiKeys.accountId, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(
      inArray(
        apiKeys.id,
        sums.map((row) => row.key_id),
      ),
    );
  const byId = new Map(keys.map((key) => [key.id, key]));
  return sums.flatMap((row) => {
    const key = byId.get(row.key_id);
    if (!key) return [];
    const counts = { requests: Number(row.requests), errors: Number(row.errors), refused: Number(row.refused) };
    return [{ keyId: key.id, name: key.name, accountId: key.accountId, lastUsedAt: key.lastUsedAt, ...counts }];
  });
}

export interface RankedAccount {
  accountId: string;
  /** The first owner's email, to reach the account by. */
  email: string | null;
  name: string;
  requests: number;
}

/** The busiest accounts over the range by accepted calls, organisations and personal ones alike, from the account rollups. */
export async function rankAccounts(days: number, limit: number, now = new Date()): Promise<RankedAccount[]> {
  const since = rangeDays(days, now)[0];
  const db = await getDb();
  const requests = sql<number>`sum(${usageAccountRollups.requests})`.mapWith(Number);
  const rows = await db
    .select({ accountId: usageAccountRollups.accountId, name: accounts.name, requests })
    .from(usageAccountRollups)
    .innerJoin(accounts, eq(accounts.id, usageAccountRollups.accountId))
    .where(and(sql`${usageAccountRollups.day} >= ${since}::date`, eq(usageAccountRollups.refused, false)))
    .groupBy(usageAccountRollups.accountId, accounts.name)
    .orderBy(sql`${requests} desc`, accounts.name)
    .limit(limit);
  return withOwnerEmails(rows);
}

/** Each account's first owner's email, read for the accounts shown rather than joined into the ranking. */
async function withOwnerEmails<T extends { accountId: string }>(rows: T[]): Promise<(T & { email: string | null })[]> {
  if (rows.length === 0) return [];
  const db = await getDb();
  const owners = await db
    .selectDistinctOn([memberships.accountId], { accountId: memberships.accountId, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        inArray(
          memberships.accountId,
          rows.map((row) => row.accountId),
        ),
        eq(memberships.role, "owner"),
      ),
    )
    .orderBy(memberships.accountId, memberships.createdAt);
  const emailOf = new Map(owners.map((owner) => [owner.accountId, owner.email]));
  return rows.map((row) => ({ ...row, email: emailOf.get(row.accountId) ?? null }));
}
