import { createHash, randomBytes } from "node:crypto";
import type { UserToken } from "@/db/schema";

// The one-time links mailed to a person (a password reset, an email change's confirmation) carry 256 random bits.
// Only their SHA-256 is stored: a token that high in entropy needs no slow hash, and a copy of the database yields no
// working link. The token itself exists in the mail and nowhere else: never logged, audited or shown.

export const PASSWORD_RESET_MINUTES = 30;
export const EMAIL_CHANGE_HOURS = 24;

export function hashOneTimeToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newOneTimeToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashOneTimeToken(token) };
}

export type TokenProblem = "used" | "revoked" | "expired";

/** Why the token no longer works, or null while it does. */
export function tokenProblem(
  token: Pick<UserToken, "usedAt" | "revokedAt" | "expiresAt">,
  now = new Date(),
): TokenProblem | null {
  if (token.usedAt) return "used";
  if (token.revokedAt) return "revoked";
  if (token.expiresAt <= now) return "expired";
  return null;
}
