import { generateSecret, generateURI, verify } from "otplib";

// TOTP (RFC 6238) through otplib: SHA-1, 6 digits, 30-second steps, as every authenticator app expects. A code is
// accepted one step either side of now (±30 s of clock drift), and never at or before the step last accepted, so a
// code seen over someone's shoulder cannot be used again.

export const TOTP_ISSUER = "Latchkey";
const TOLERANCE_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri(secret: string, label: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label, secret });
}

/** Six digits, spaces and dashes allowed (apps show "123 456"). */
export function normaliseTotpCode(code: string): string | null {
  const digits = code.replace(/[\s-]/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}

/**
 * The time step the code belongs to when it is right and newer than `afterTimeStep`; null otherwise. The caller
 * stores the step (and must do so atomically: see db/queries/two-factor.ts) before treating the code as accepted.
 */
export async function acceptedTimeStep(
  secret: string,
  code: string,
  afterTimeStep: number | null,
  now: Date = new Date(),
): Promise<number | null> {
  const token = normaliseTotpCode(code);
  if (!token) return null;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterTimeStep === null ? {} : { afterTimeStep }),
  }).catch(() => ({ valid: false as const }));
  return result.valid && "timeStep" in result ? result.timeStep : null;
}
