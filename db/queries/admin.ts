import "server-only";
import { and, asc, count, eq, ilike, or, sql } from "drizzle-orm";
import { escapeLike } from "@/db/like";
import { rangeDays } from "@/db/utc-days";
import { getDb, type Executor } from "@/db";
import { isPlatformOwned } from "./accounts";
import { accounts, type Account } from "@/db/schema";

// Reads across tenants, for the admin area. lib/accounts/admin-views.ts checks the caller's role before each.

export const CLIENTS_PAGE_SIZE = 25;

// Qualified by hand: in a one-table select drizzle writes a bare "id", which inside the subqueries below would name
// the subquery's own table's id instead.
const accountId = sql.raw(`"accounts"."id"`);

export interface ClientRow {
  id: string;
  name: string;
  kind: Account["kind"];
  /** The first owner's email: who to contact about the account. */
  email: string | null;
  members: number;
  plan: Account["plan"];
  status: Account["status"];
  requestedPlan: Account["requestedPlan"];
  closedAt: Account["closedAt"];
  activeKeys: number;
  /** Accepted calls of the last 30 UTC days, today included. */
  requests30d: number;
  lastActivityAt: Date | null;
}

// Client accounts are every account but a platform admin's personal one (which holds the platform's own keys).
const isClientAccount = sql`not ${isPlatformOwned}`;

const memberMatches = (pattern: string) => sql`exists (select 1 from memberships m join users u on u.id = m.user_id
  where m.account_id = ${accountId} and (u.email ilike ${pattern} or u.name ilike ${pattern}))`;

export async function listClientAccounts({
  q,
  page,
}: {
  q: string;
  page: number;
}): Promise<{ clients: ClientRow[]; total: number }> {
  const db = await getDb();
  const since = rangeDays(30)[0];
  const pattern = `%${escapeLike(q)}%`;
  const where = and(isClientAccount, q ? or(ilike(accounts.name, pattern), memberMatches(pattern)) : undefined);
  const [{ total }] = await db.select({ total: count() }).from(accounts).where(where);
  const rows = await db
    .select({
      id: accounts.id,
      name: accounts.name,
      kind: accounts.kind,
      plan: accounts.plan,
      status: accounts.status,
      requestedPlan: accounts.requestedPlan,
      closedAt: accounts.closedAt,
      email: sql<string | null>`(select u.email from memberships m join users u on u.id = m.user_id
        where m.account_id = ${accountId} and m.role = 'owner' order by m.created_at limit 1)`,
      members: sql<number>`(select count(*)::int from memberships m where m.account_id = ${accountId})`,
      activeKeys: sql<number>`(select count(*)::int from api_keys k where k.account_id = ${accountId}
        and k.revoked_at is null and k.hidden_at is null and (k.expires_at is null or k.expires_at > now()))`,
      // From the account rollups (the last 30 UTC days, as on the usage pages): counting raw events read every call
      // the account made, millions for a busy one, for each row of the list.
      requests30d: sql<number>`(select coalesce(sum(r.requests), 0)::bigint from usage_account_rollups r
        where r.account_id = ${accountId} and r.day >= ${since}::date and not r.refused)`,
      lastKeyUse: sql<string | null>`(select max(k.last_used_at) from api_keys k where k.account_id = ${accountId})`,
      lastSignIn: sql<string | null>`(select max(u.last_sign_in_at) from memberships m join users u on u.id = m.user_id
        where m.account_id = ${accountId})`,
    })
    .from(accounts)
    .where(where)
    .orderBy(asc(sql`lower(${accounts.name})`), asc(accounts.id))
    .limit(CLIENTS_PAGE_SIZE)
    .offset((page - 1) * CLIENTS_PAGE_SIZE);
  return {
    total: Number(total),
    clients: rows.map(({ lastKeyUse, lastSignIn, ...row }) => {
      const times = [lastKeyUse, lastSignIn].filter((t): t is string => t !== null).map((t) => new Date(t).getTime());
      return {
        ...row,
        members: Number(row.members),
        activeKeys: Number(row.activeKeys),
        requests30d: Number(row.requests30d),
        lastActivityAt: times.length ? new Date(Math.max(...times)) : null,
      };
    }),
  };
}

/** A client account (never an admin's personal one) for the admin's client page. */
export async function findClientAccount(clientId: string, executor?: Executor): Promise<Account | undefined> {
  const db = executor ?? (await getDb());
  const [client] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, clientId), isClientAccount))
    .limit(1);
  return client;
}
