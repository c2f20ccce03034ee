import type { UsageQuotaPeriod } from "./settings";

// The calendar of usage quotas, in UTC: a day or a month refills when the next one starts; a total never does and
// counts in one period that started at the epoch.

export interface UsagePeriod {
  start: Date;
  /** When the next period starts (the refill); null for a total. */
  next: Date | null;
}

const EPOCH = new Date(0);

export function usagePeriodOf(period: UsageQuotaPeriod, now: Date): UsagePeriod {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  switch (period) {
    case "day": {
      const day = now.getUTCDate();
      return { start: new Date(Date.UTC(year, month, day)), next: new Date(Date.UTC(year, month, day + 1)) };
    }
    case "month":
      return { start: new Date(Date.UTC(year, month, 1)), next: new Date(Date.UTC(year, month + 1, 1)) };
    case "total":
      return { start: EPOCH, next: null };
  }
}

/** Whole seconds until the period refills (at least 1); null for a total, which never does. */
export function secondsToRefill(period: UsagePeriod, now: Date): number | null {
  return period.next ? Math.max(1, Math.ceil((period.next.getTime() - now.getTime()) / 1000)) : null;
}

/** The period's length in seconds (a month's own length); null for a total. */
export function periodSeconds(period: UsagePeriod): number | null {
  return period.next ? Math.round((period.next.getTime() - period.start.getTime()) / 1000) : null;
}

/** The period start as event dedupe keys and event data name it: the day (YYYY-MM-DD), the month (YYYY-MM), or "total". */
export function periodKeyOf(period: UsageQuotaPeriod, start: Date): string {
  if (period === "total") return "total";
  const iso = start.toISOString();
  return period === "day" ? iso.slice(0, 10) : iso.slice(0, 7);
}
