import "server-only";
import { and, asc, count, eq, ilike, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { users, type User } from "@/db/schema";

// Reads across tenants, for the admin area. lib/accounts/admin-views.ts checks the caller's role before each.

export const CLIENTS_PAGE_SIZE = 25;

// Qualified by hand: in a one-table select drizzle writes a bare "id", which inside the subqueries below would name
// the subquery's own table's id instead.
const userId = sql.raw(`"users"."id"`);

export interface ClientRow {
  id: string;
  email: string;
  name: string;
  plan: User["plan"];
  status: User["status"];
  activeKeys: number;
  requests30d: number;
  lastActivityAt: Date | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listClientAccounts({
  q,
  page,
}: {
  q: string;
  page: number;
}): Promise<{ clients: ClientRow[]; total: number }> {
  const db = await getDb();
  const pattern = `%${escapeLike(q)}%`;
  const where = and(eq(users.role, "client"), q ? or(ilike(users.email, pattern), ilike(users.name, pattern)) : undefined);
  const [{ total }] = await db.select({ total: count() }).from(users).where(where);
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      plan: users.plan,
      status: users.status,
      activeKeys: sql<number>`(select count(*)::int from api_keys k where k.owner_id = ${userId}
        and k.revoked_at is null and k.hidden_at is null and (k.expires_at is null or k.expires_at > now()))`,
      requests30d: sql<number>`(select count(*)::int from usage_events u where u.owner_id = ${userId}
        and u.at > now() - interval '30 days' and not u.refused)`,
      lastKeyUse: sql<string | null>`(select max(k.last_used_at) from api_keys k where k.owner_id = ${userId})`,
      lastSignInAt: users.lastSignInAt,
    })
    .from(users)
    .where(where)
    .orderBy(asc(sql`lower(${users.email})`))
    .limit(CLIENTS_PAGE_SIZE)
    .offset((page - 1) * CLIENTS_PAGE_SIZE);
  return {
    total: Number(total),
    clients: rows.map(({ lastKeyUse, lastSignInAt, ...row }) => {
      const times = [lastKeyUse ? new Date(lastKeyUse) : null, lastSignInAt].filter((t): t is Date => t !== null);
      return {
        ...row,
        activeKeys: Number(row.activeKeys),
        requests30d: Number(row.requests30d),
        lastActivityAt: times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : null,
      };
    }),
  };
}

/** A client account (never an admin's) for the admin's client page. */
export async function findClientAccount(clientId: string): Promise<User | undefined> {
  const db = await getDb();
  const [client] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, clientId), eq(users.role, "client")))
    .limit(1);
  return client;
}
