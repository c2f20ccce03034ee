// When a delivery is tried: at once, then after each failure this long after it (about 27.6 hours in all, eight
// attempts), then it is given up and kept as failed. Like Standard Webhooks' reference schedule (Svix's).
export const RETRY_AFTER_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_AFTER_SECONDS.length + 1;

/** After attempt `attempt` (1-based) failed at `now`: when the next is due, or null when that was the last. */
export function nextAttemptAfter(attempt: number, now: Date): Date | null {
  const wait = RETRY_AFTER_SECONDS[attempt - 1];
  return wait === undefined ? null : new Date(now.getTime() + wait * 1000);
}

// An endpoint is disabled when a delivery to it fails for good and no attempt to it has succeeded for this long:
// the first final failure comes ~27 h after its first attempt, so an endpoint down for a day is disabled by the first
// message that used all its retries, while one that answers some deliveries keeps getting the rest.
export const DISABLE_AFTER_FAILING_MS = 24 * 3600 * 1000;

/** A 2xx answer is a delivery; anything else (3xx included: redirects are not followed) is a failed attempt. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
