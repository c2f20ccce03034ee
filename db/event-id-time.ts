import { sql, type AnyColumn, type SQL } from "drizzle-orm";

/**
 * Usage event ids are UUIDv7 (lib/usage/event-id.ts) made from the event's own `at`: their first 48 bits are its Unix
 * time in milliseconds. That bounds `at` for a lookup by id, so Postgres reads the one day partition that can hold the
 * event instead of probing the event-id index of every day. Null for any other kind of UUID.
 */
export function eventIdTime(eventId: string): Date | null {
  const hex = eventId.replaceAll("-", "");
  if (!/^[0-9a-f]{12}7[0-9a-f]{19}$/i.test(hex)) return null;
  return new Date(Number.parseInt(hex.slice(0, 12), 16));
}

// The recorder makes the id from the very `at` it writes; the slack only covers ids made from a slightly different
// clock reading (a caller giving its own `at`), and keeps the bound within one or two day partitions.
export const EVENT_ID_SLACK_MS = 60 * 60 * 1000;

/** [from, to) of `at` for events with these ids, or null when one of them is not a UUIDv7 (then nothing is bounded). */
export function atBoundsOfEventIds(eventIds: readonly string[]): { from: Date; to: Date } | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const id of eventIds) {
    const time = eventIdTime(id)?.getTime();
    if (time === undefined) return null;
    min = Math.min(min, time);
    max = Math.max(max, time);
  }
  if (eventIds.length === 0) return null;
  return { from: new Date(min - EVENT_ID_SLACK_MS), to: new Date(max + EVENT_ID_SLACK_MS) };
}

/**
 * The same time in SQL, for a join on event ids (its 12 leading hex digits as a bigint of milliseconds). Postgres 15
 * has no uuid_extract_timestamp; this works on every version.
 */
export function sqlEventIdTime(eventId: AnyColumn | SQL): SQL {
  return sql`to_timestamp(('x' || lpad(replace(left(${eventId}::text, 13), '-', ''), 16, '0'))::bit(64)::bigint / 1000.0)`;
}
