import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { resultRows } from "@/db/rows";

// The minute's prune (pruneFinishedDeliveries) reads finished deliveries by finished_at through a partial index, so
// it does not read every delivery each minute as the log grows.
describe("the webhook delivery log's prune", () => {
  it("finds finished deliveries through webhook_deliveries_finished_idx", async () => {
    const db = await getDb();
    const plan = await db.transaction(async (tx) => {
      // An empty table makes any plan cheap: with sequential scans priced out, the index is chosen if it can serve.
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = resultRows<Record<string, string>>(
        await tx.execute(sql`explain
          delete from webhook_deliveries
          where id in (
            select id from webhook_deliveries
            where status <> 'pending' and finished_at < ${new Date().toISOString()}::timestamptz
            limit 500)`),
      );
      return rows.map((row) => Object.values(row).join(" ")).join("\n");
    });
    expect(plan).toContain("webhook_deliveries_finished_idx");
  });
});
