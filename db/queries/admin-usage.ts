import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { User } from "@/db/schema";
import { requireAdminRole } from "@/lib/auth/admin";

// A small stand-in for the platform-wide analytics: counts straight from usage_events, for the admin overview and a
// client's page. Replaced by the shared usage panel when the analytics work lands.

export interface DailyRequests {
  date: string;
  successes: number;
  errors: number;
}

export interface AdminUsage {
  daily: DailyRequests[];
  requests: number;
  errors: number;
  topClients: { ownerId: string; email: string; requests: number }[];
  topKeys: { keyId: string; name: string; ownerId: string; requests: number }[];
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows);

export async function adminUsage(caller: Pick<User, "role">, days: number, ownerId?: string): Promise<AdminUsage> {
  requireAdminRole(caller);
  const db = await getDb();
  const owner = ownerId ? sql`and u.owner_id = ${ownerId}` : sql``;
  const since = sql`now() - make_interval(days => ${days})`;
  const [daily, topClients, topKeys] = await Promise.all([
    db.execute(sql`select to_char(date_trunc('day', u.at at time zone 'UTC'), 'YYYY-MM-DD') as date,
        count(*) filter (where u.status < 400)::int as successes, count(*) filter (where u.status >= 400)::int as errors
      from usage_events u where u.at > ${since} ${owner} group by 1 order by 1`),
    db.execute(sql`select u.owner_id as "ownerId", us.email, count(*)::int as requests
      from usage_events u join users us on us.id = u.owner_id where u.at > ${since} ${owner}
      group by u.owner_id, us.email order by requests desc limit 5`),
    db.execute(sql`select u.key_id as "keyId", k.name, k.owner_id as "ownerId", count(*)::int as requests
      from usage_events u join api_keys k on k.id = u.key_id where u.at > ${since} ${owner}
      group by u.key_id, k.name, k.owner_id order by requests desc limit 5`),
  ]);
  const dailyRows = rowsOf<DailyRequests>(daily).map((d) => ({ ...d, successes: Number(d.successes), errors: Number(d.errors) }));
  return {
    daily: dailyRows,
    requests: dailyRows.reduce((sum, d) => sum + d.successes + d.errors, 0),
    errors: dailyRows.reduce((sum, d) => sum + d.errors, 0),
    topClients: rowsOf<AdminUsage["topClients"][number]>(topClients).map((r) => ({ ...r, requests: Number(r.requests) })),
    topKeys: rowsOf<AdminUsage["topKeys"][number]>(topKeys).map((r) => ({ ...r, requests: Number(r.requests) })),
  };
}
