// When what usage shows is worth telling a key's owner (lib/events/usage-signals.ts): the thresholds, and the
// windows counts are kept in.

/** Rate-limit refusals of one key within one window that make a burst worth telling. */
export const BURST_REFUSALS = 50;
export const BURST_WINDOW_MS = 5 * 60 * 1000;
/** An hour of at least this many accepted calls, and SPIKE_FACTOR times the key's usual hour, is a spike. */
export const SPIKE_MIN_CALLS = 1_000;
export const SPIKE_FACTOR = 10;
/** An hour in which this share of a key's accepted calls failed (at least ERROR_RATE_MIN_FAILURES of them). */
export const ERROR_RATE = 0.5;
export const ERROR_RATE_MIN_FAILURES = 50;
/** At most this many new-origin notices per key per UTC day: a key used from everywhere must not flood its owner. */
export const NEW_ORIGIN_NOTICES_PER_DAY = 10;
/** Each notice lists this many new addresses and clients, and counts the rest. */
export const LISTED = 5;
export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

export const windowOf = (at: Date, ms: number) => new Date(Math.floor(at.getTime() / ms) * ms);

/** Whether a count went past `first`, or a doubling of it, on its way from `before` to `after`. */
export function crossedCheckpoint(before: number, after: number, first: number): boolean {
  if (after < first) return false;
  let checkpoint = first;
  while (checkpoint <= before) checkpoint *= 2;
  return checkpoint <= after;
}
