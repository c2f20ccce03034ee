import "server-only";
// From @auth/core (what next-auth re-exports), so that this module loads without Next.js around it.
import { CredentialsSignin } from "@auth/core/errors";
import { logger } from "@/lib/infra/logger";
import { authenticateWithPassword } from "./credentials";
import { PasswordHashBusy } from "./password";
import { recordFailedSignIn, recordSuccessfulSignIn, signInWait } from "./sign-in-throttle";

/** Refused before the password is even checked: too many recent failures for this account or address. */
export class SignInThrottled extends CredentialsSignin {
  code = "throttled";
}

/** Refused because the password could not be checked now: too many password hashes are queued (see password.ts). */
export class SignInBusy extends CredentialsSignin {
  code = "busy";
}

function emailOf(raw: unknown): string {
  const email = (raw as { email?: unknown } | null)?.email;
  return typeof email === "string" ? email.slice(0, 254).trim().toLowerCase() : "";
}

/**
 * Every sign-in passes here (the form's action and a direct post to Auth.js alike): throttled per account and per
 * address, refused as busy when the password cannot be checked within the bound on hashing, and logged either way.
 * The password never reaches a log line.
 */
export async function throttledSignIn(raw: unknown, ip: string | null) {
  const email = emailOf(raw);
  const wait = await signInWait(email, ip);
  if (wait > 0) {
    logger.warn({ event: "sign_in.throttled", email, ip, retryAfterSeconds: wait }, "sign-in refused: too many failures");
    throw new SignInThrottled();
  }
  const user = await authenticateWithPassword(raw).catch((error: unknown) => {
    if (!(error instanceof PasswordHashBusy)) throw error;
    // Not a failure of the caller's: nothing is counted against the account or the address.
    logger.warn({ event: "sign_in.busy", email, ip, reason: error.reason }, "sign-in refused: password hashing busy");
    throw new SignInBusy();
  });
  if (!user) {
    await recordFailedSignIn(email, ip);
    logger.warn({ event: "sign_in.failed", email, ip }, "sign-in failed");
    return null;
  }
  await recordSuccessfulSignIn(email);
  logger.info({ event: "sign_in.succeeded", userId: user.id, ip }, "signed in");
  return user;
}
