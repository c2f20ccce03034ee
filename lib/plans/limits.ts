import type { RateLimitWindow } from "@/lib/keys/settings";

/** A key's limit expressed per minute, as plans state theirs: a per-hour limit counts as limit / 60, rounded up. */
export function perMinute(rateLimit: number, window: RateLimitWindow): number {
  return window === "hour" ? Math.ceil(rateLimit / 60) : rateLimit;
}

/** "*" in a plan's list means every scope of the catalogue. */
export function planAllowsScope(allowedScopes: string[], scope: string): boolean {
  return allowedScopes.includes("*") || allowedScopes.includes(scope);
}

export function keysAllowedMessage(max: number): string {
  return max === 0
    ? "Your account has no API access. Ask your administrator to choose a plan for you."
    : `Your plan allows ${max} active key${max === 1 ? "" : "s"}.`;
}
