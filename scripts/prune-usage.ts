// Deletes usage past its retention: raw events after USAGE_RETENTION_DAYS (default 90), a day partition at a time,
// daily rollups after ROLLUP_RETENTION_DAYS (default 365). Flags override the environment. Run it daily (see README,
// "Usage and retention").
//
//   npm run usage:prune [-- --event-days 90 --rollup-days 365 --batch-size 10000]
import { parseArgs } from "node:util";
import { z } from "zod";
import { databaseHandle } from "@/db";
import { pruneUsage } from "@/db/queries/usage-retention";

const days = (name: string, fallback: number) =>
  z.coerce.number().int(`${name} must be a whole number of days`).min(1, `${name} must be at least 1`).default(fallback);

const settingsSchema = z
  .object({
    eventDays: days("USAGE_RETENTION_DAYS / --event-days", 90),
    rollupDays: days("ROLLUP_RETENTION_DAYS / --rollup-days", 365),
    batchSize: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
  })
  .refine((s) => s.rollupDays >= s.eventDays, "Rollups must be kept at least as long as raw events.");

async function main() {
  const { values } = parseArgs({
    options: { "event-days": { type: "string" }, "rollup-days": { type: "string" }, "batch-size": { type: "string" } },
    strict: true,
  });
  const settings = settingsSchema.safeParse({
    eventDays: values["event-days"] ?? (process.env.USAGE_RETENTION_DAYS || undefined),
    rollupDays: values["rollup-days"] ?? (process.env.ROLLUP_RETENTION_DAYS || undefined),
    batchSize: values["batch-size"],
  });
  if (!settings.success) {
    console.error(settings.error.issues.map((i) => i.message).join("\n"));
    process.exitCode = 2;
    return;
  }
  const handle = await databaseHandle();
  try {
    await handle.migrate();
    const started = Date.now();
    const { events, partitions, rollups, summaries, signals } = await pruneUsage(settings.data);
    console.log(
      `Deleted ${events} usage events older than ${settings.data.eventDays} days (${partitions} day partitions dropped ` +
        `whole) and ${rollups} rollup rows (and ${summaries} account and key-day sums) older than ` +
        `${settings.data.rollupDays} days, and ${signals} stale key origins and signal counts, in ${Date.now() - started} ms.`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
