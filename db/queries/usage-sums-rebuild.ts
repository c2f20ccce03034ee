import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db";
import { resultRows } from "@/db/rows";
import { usageAccountRollups, usageKeyDays, usageRollups } from "@/db/schema";

/**
 * Rebuilds the rollups' sums (usage_account_rollups, usage_key_days) from usage_rollups, as migration 0013 first
 * filled them: for after an upgrade during which instances of the version before kept writing rollups but not their
 * sums. One transaction: a SHARE lock on usage_rollups holds usage writes off until it commits (they wait, or miss their
 * deadline and are retried from memory and the journal), so nothing written meanwhile is counted twice or missed; pages
 * keep reading the old sums until the commit. Takes the handle to run on, since the app's own handle stops any
 * statement after DATABASE_DEADLINE_MS and a year of rollups takes longer to sum.
 */
export async function rebuildUsageSums(db: Database): Promise<{ accountRollups: number; keyDays: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local statement_timeout = 0`);
    await tx.execute(sql`lock table ${usageRollups} in share mode`);
    // DELETE rather than TRUNCATE, whose exclusive lock would stop the pages reading the sums until the commit.
    await tx.execute(sql`delete from ${usageAccountRollups}`);
    await tx.execute(sql`delete from ${usageKeyDays}`);
    // Histograms are added position by position: each is unnested with its positions and summed per position.
    await tx.execute(sql`
      with totals as (
        select account_id, day, route, status, refused, outcome, source,
          sum(requests)::int as requests, sum(latency_sum_ms)::bigint as latency_sum_ms
        from ${usageRollups} group by 1, 2, 3, 4, 5, 6, 7
      ), positions as (
        select r.account_id, r.day, r.route, r.status, r.refused, r.outcome, r.source, b.i, sum(b.n)::int as n
        from ${usageRollups} r cross join lateral unnest(r.latency_buckets) with ordinality as b(n, i)
        group by 1, 2, 3, 4, 5, 6, 7, 8
      ), histograms as (
        select account_id, day, route, status, refused, outcome, source, array_agg(n order by i) as latency_buckets
        from positions group by 1, 2, 3, 4, 5, 6, 7
      )
      insert into ${usageAccountRollups} (account_id, day, route, status, refused, outcome, source, requests,
        latency_sum_ms, latency_buckets)
      select t.account_id, t.day, t.route, t.status, t.refused, t.outcome, t.source, t.requests, t.latency_sum_ms,
        h.latency_buckets
      from totals t join histograms h using (account_id, day, route, status, refused, outcome, source)`);
    await tx.execute(sql`
      insert into ${usageKeyDays} (key_id, account_id, day, requests, errors, refused)
      select key_id, account_id, day,
        coalesce(sum(requests) filter (where not refused), 0)::int,
        coalesce(sum(requests) filter (where not refused and status >= 400), 0)::int,
        coalesce(sum(requests) filter (where refused), 0)::int
      from ${usageRollups} group by key_id, account_id, day`);
    const [counts] = resultRows<{ account_rollups: number; key_days: number }>(
      await tx.execute(sql`
        select (select count(*)::int from ${usageAccountRollups}) as account_rollups,
          (select count(*)::int from ${usageKeyDays}) as key_days`),
    );
    return { accountRollups: Number(counts.account_rollups), keyDays: Number(counts.key_days) };
  });
}
