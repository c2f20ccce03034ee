import "server-only";
import { insertUserIfNew } from "@/db/queries/users";
import { logger } from "@/lib/infra/logger";
import { hashPassword, PasswordHashBusy } from "./password";
import { returnSignUpAttempt, takeSignUpAttempt } from "./sign-up-throttle";

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
}

export type SignUpOutcome =
  | { ok: true; userId: string }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number }
  | { ok: false; reason: "busy" }
  | { ok: false; reason: "email_taken" };

/**
 * Every sign-up passes here: counted per address and refused before hashing when the address is over its limit,
 * refused as busy when the password cannot be hashed within the bound on hashing, and logged either way. The
 * password never reaches a log line. Role, plan and status are never taken from the caller: a new account is always
 * an active client.
 */
export async function throttledSignUp({ name, email, password }: SignUpInput, ip: string | null): Promise<SignUpOutcome> {
  const wait = await takeSignUpAttempt(ip);
  if (wait > 0) {
    logger.warn(
      { event: "sign_up.throttled", email, ip, retryAfterSeconds: wait },
      "sign-up refused: too many from this address",
    );
    return { ok: false, reason: "throttled", retryAfterSeconds: wait };
  }
  let passwordHash: string;
  try {
    passwordHash = await hashPassword(password);
  } catch (error) {
    if (!(error instanceof PasswordHashBusy)) throw error;
    await returnSignUpAttempt(ip);
    logger.warn({ event: "sign_up.busy", email, ip, reason: error.reason }, "sign-up refused: password hashing busy");
    return { ok: false, reason: "busy" };
  }
  const user = await insertUserIfNew({ name, email, passwordHash });
  if (!user) {
    logger.info({ event: "sign_up.email_taken", email, ip }, "sign-up refused: email taken");
    return { ok: false, reason: "email_taken" };
  }
  logger.info({ event: "sign_up.succeeded", userId: user.id, ip }, "signed up");
  return { ok: true, userId: user.id };
}
