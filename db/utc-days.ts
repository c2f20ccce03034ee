const DAY_MS = 24 * 60 * 60 * 1000;

/** The last `days` UTC dates (YYYY-MM-DD), today included, oldest first. */
export function rangeDays(days: number, now = new Date()): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}
