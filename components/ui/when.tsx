import { formatDate, formatDateTime, formatExact, formatRelative } from "@/lib/format";

/**
 * A moment as every page shows it: one format (UTC, "Dec 3, 2026", with the time where it matters, or "3 minutes
 * ago"), in a <time> element whose hover text is the exact moment to the second.
 */
export function When({
  date,
  show = "date",
  fallback,
}: {
  date: Date | null | undefined;
  show?: "date" | "datetime" | "relative";
  /** What to say when there is no date ("Never", "—"). */
  fallback?: string;
}) {
  if (!date) return <>{fallback ?? (show === "relative" ? "Never" : "—")}</>;
  const text = show === "relative" ? formatRelative(date) : show === "datetime" ? formatDateTime(date) : formatDate(date);
  return (
    <time dateTime={date.toISOString()} title={formatExact(date)}>
      {text}
    </time>
  );
}
