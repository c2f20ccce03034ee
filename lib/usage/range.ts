import { z } from "zod";

export const USAGE_RANGES = [7, 30, 90] as const;

/** `?days=` of the usage pages and the CSV export: one of the offered ranges, 30 when absent or unknown. */
export const usageRangeSchema = z.coerce
  .number()
  .pipe(z.union([z.literal(7), z.literal(30), z.literal(90)]))
  .catch(30);

/** The key page's query string: range and page of the last requests. */
export const keyUsageSearchSchema = z.object({
  days: usageRangeSchema,
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

/** /usage's query string: range and page of its ranking of keys. */
export const usageSearchSchema = z.object({
  days: usageRangeSchema,
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
