import "server-only";
import type { User } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { logger } from "@/lib/infra/logger";
import { PasswordHashBusy, verifyPassword } from "./password";
import { recordFailedSignIn, recordSuccessfulSignIn, signInWait } from "./sign-in-throttle";
import { verifySecondFactor } from "./two-factor";

export type IdentityProof = { password: string } | { code: string };
export type IdentityCheck = { ok: true } | { ok: false; reason: "wrong" | "throttled" | "busy" };

/**
 * A signed-in person proves again who they are (step-up, turning two-factor off, new recovery codes): their password,
 * or a code from their app or a recovery code when two-factor sign-in is on. Counted by the sign-in throttle, per
 * account and per address, so that a session left open is no way around it.
 */
export async function confirmIdentity(user: User, proof: IdentityProof, actor: Actor): Promise<IdentityCheck> {
  if ((await signInWait(user.email, actor.ip)) > 0) {
    logger.warn({ event: "reauth.throttled", userId: user.id, ip: actor.ip }, "re-authentication refused: too many failures");
    return { ok: false, reason: "throttled" };
  }
  let right: boolean;
  try {
    right =
      "password" in proof
        ? await verifyPassword(proof.password, user.passwordHash)
        : (await verifySecondFactor(actor, user.id, proof.code)) !== null;
  } catch (error) {
    if (error instanceof PasswordHashBusy) return { ok: false, reason: "busy" };
    throw error;
  }
  if (!right) {
    await recordFailedSignIn(user.email, actor.ip);
    logger.warn({ event: "reauth.failed", userId: user.id, ip: actor.ip }, "re-authentication failed");
    return { ok: false, reason: "wrong" };
  }
  await recordSuccessfulSignIn(user.email);
  return { ok: true };
}
