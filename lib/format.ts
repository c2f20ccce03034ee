import { formatDistanceToNowStrict } from "date-fns";

// Dates are shown in UTC so that every user, the server-rendered page and the audit trail agree on what "Nov 3" means.
const dateFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

export function formatDate(date: Date | null | undefined, fallback = "—"): string {
  return date ? dateFormat.format(date) : fallback;
}

export function formatDateTime(date: Date | null | undefined, fallback = "—"): string {
  return date ? `${dateTimeFormat.format(date)} UTC` : fallback;
}

const exactFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

/** To the second, in the one format of every date shown: for the audit trail, and every date's hover text. */
export function formatExact(date: Date): string {
  return `${exactFormat.format(date)} UTC`;
}

export function formatRelative(date: Date | null | undefined, fallback = "Never"): string {
  return date ? formatDistanceToNowStrict(date, { addSuffix: true }) : fallback;
}

export function formatCount(value: number): string {
  return new Intl.NumberFormat("en-US", { notation: value >= 100_000 ? "compact" : "standard" }).format(value);
}

export function formatRateLimit(limit: number, window: "minute" | "hour"): string {
  return `${limit.toLocaleString("en-US")} / ${window === "minute" ? "min" : "hour"}`;
}

/** A key's usage quota: "10,000 / day", "10,000 / month", "10,000 in total", or "None". */
export function formatUsageQuota(limit: number | null, period: "day" | "month" | "total" | null): string {
  if (limit === null || period === null) return "None";
  return `${limit.toLocaleString("en-US")}${period === "total" ? " in total" : ` / ${period}`}`;
}

/** YYYY-MM-DD of a date in UTC, as a date input wants it. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Without control characters: for text from callers (a user agent, a key's name) that reaches mail headers and lines. */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
}
