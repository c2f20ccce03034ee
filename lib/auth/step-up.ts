import { env } from "@/lib/infra/env";

// Step-up: a sensitive action (a live key made or rolled, a key revoked, an allowlist or a webhook secret changed,
// an admin acting on a client) goes through only within STEP_UP_WINDOW_SECONDS (10 minutes by default) of the
// session's last proof of who is there: the sign-in itself, or the password (or a code) given again since.

export function stepUpWindowMs(): number {
  return env().STEP_UP_WINDOW_SECONDS * 1000;
}

/** True when the last proof is too old for a sensitive action. */
export function needsStepUp(reauthenticatedAt: Date, now: Date = new Date(), windowMs: number = stepUpWindowMs()): boolean {
  return now.getTime() - reauthenticatedAt.getTime() > windowMs;
}
