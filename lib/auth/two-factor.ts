import "server-only";
import { getDb } from "@/db";
import {
  claimRecoveryCode,
  claimTimeStep,
  countRecoveryCodesLeft,
  deleteTwoFactor,
  findTwoFactor,
  replaceRecoveryCodes,
  savePendingTwoFactor,
} from "@/db/queries/two-factor";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { hashRecoveryCode, newRecoveryCodes } from "./recovery-codes";
import { acceptedTimeStep, newTotpSecret, normaliseTotpCode, totpUri } from "./totp";
import { openTotpSecret, sealTotpSecret } from "./totp-secret";

// Two-factor sign-in: the commands. Every audit row goes to the person's personal account's trail (its id is
// theirs), and none carries a secret, a code or a recovery code.

export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const row = await findTwoFactor(userId);
  if (!row?.enabledAt) return { enabled: false, recoveryCodesLeft: 0 };
  return { enabled: true, recoveryCodesLeft: await countRecoveryCodesLeft(userId) };
}

export async function hasTwoFactor(userId: string): Promise<boolean> {
  return Boolean((await findTwoFactor(userId))?.enabledAt);
}

/** A new secret, kept sealed until a code from it confirms the enrolment; the QR's address and the secret to show. */
export async function startEnrolment(user: { id: string; email: string }): Promise<{ secret: string; uri: string }> {
  const secret = newTotpSecret();
  if (!(await savePendingTwoFactor(user.id, sealTotpSecret(secret, user.id)))) {
    throw new AppError("conflict", "Two-factor sign-in is already on.");
  }
  return { secret, uri: totpUri(secret, user.email) };
}

/** The code proves the app holds the secret: two-factor sign-in is on, and these recovery codes are shown once. */
export async function confirmEnrolment(actor: Actor, userId: string, code: string): Promise<string[]> {
  const row = await findTwoFactor(userId);
  if (!row || row.enabledAt) throw new AppError("conflict", "Start again: there is no enrolment waiting for a code.");
  const step = await acceptedTimeStep(openTotpSecret(row.secretSealed, userId), code, row.lastTimeStep);
  if (step === null) throw new AppError("validation_failed", "Wrong code. Check the time on your phone and try the next one.");
  const codes = newRecoveryCodes();
  const db = await getDb();
  await db.transaction(async (tx) => {
    // Only the secret this code was checked against is turned on: a newer enrolment begun meanwhile wins nothing.
    if (!(await claimTimeStep(tx, userId, step, { enable: { secretSealed: row.secretSealed } }))) {
      throw new AppError("conflict", "Start again: there is no enrolment waiting for a code.");
    }
    await replaceRecoveryCodes(
      tx,
      userId,
      codes.map((c) => hashRecoveryCode(c, userId) as string),
    );
    await recordAudit(tx, auditEntry(actor, "two_factor.enable", { accountId: userId }));
  });
  return codes;
}

/** Turns two-factor sign-in off; the caller has had the person prove who they are first. */
export async function disableTwoFactor(actor: Actor, userId: string): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    if (!(await deleteTwoFactor(tx, userId))) throw new AppError("conflict", "Two-factor sign-in is already off.");
    await recordAudit(tx, auditEntry(actor, "two_factor.disable", { accountId: userId }));
  });
}

/** New recovery codes, the old ones no longer good; the caller has had the person prove who they are first. */
export async function regenerateRecoveryCodes(actor: Actor, userId: string): Promise<string[]> {
  if (!(await hasTwoFactor(userId))) throw new AppError("conflict", "Turn two-factor sign-in on first.");
  const codes = newRecoveryCodes();
  const db = await getDb();
  await db.transaction(async (tx) => {
    await replaceRecoveryCodes(
      tx,
      userId,
      codes.map((c) => hashRecoveryCode(c, userId) as string),
    );
    await recordAudit(tx, auditEntry(actor, "two_factor.recovery_codes", { accountId: userId }));
  });
  return codes;
}

/**
 * Checks a second factor: a code from the app (six digits, never one already accepted) or an unused recovery code
 * (then used up, and audited). Which kind was accepted, or null. False for someone without two-factor sign-in.
 */
export async function verifySecondFactor(actor: Actor, userId: string, code: string): Promise<"totp" | "recovery" | null> {
  const row = await findTwoFactor(userId);
  if (!row?.enabledAt) return null;
  const db = await getDb();
  if (normaliseTotpCode(code)) {
    const step = await acceptedTimeStep(openTotpSecret(row.secretSealed, userId), code, row.lastTimeStep);
    return step !== null && (await claimTimeStep(db, userId, step)) ? "totp" : null;
  }
  const hash = hashRecoveryCode(code, userId);
  if (!hash) return null;
  return db.transaction(async (tx) => {
    if (!(await claimRecoveryCode(tx, userId, hash))) return null;
    await recordAudit(tx, auditEntry(actor, "two_factor.recovery_used", { accountId: userId }));
    return "recovery" as const;
  });
}
