import "server-only";
// From @auth/core (what next-auth re-exports), so that this module loads without Next.js around it.
import { CredentialsSignin } from "@auth/core/errors";
import { logger } from "@/lib/infra/logger";
import { addressBucket } from "@/lib/infra/rate-limiter";
import { authenticateWithPassword, SignInNeedsCode, SignInSuspended, SignInWrongCode } from "./credentials";
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

// Sign-ins from one address whose password is being checked at once, in this process. Failures are counted only
// once a password has been checked, so without this bound a burst from one address could fill the whole hashing
// queue (password.ts) and turn every other visitor away as busy.
export const MAX_SIGN_INS_IN_FLIGHT_PER_ADDRESS = 8;
const inFlight = new Map<string, number>();

function emailOf(raw: unknown): string {
  const email = (raw as { email?: unknown } | null)?.email;
  return typeof email === "string" ? email.slice(0, 254).trim().toLowerCase() : "";
}

/**
 * Every sign-in passes here (the form's action and a direct post to Auth.js alike): throttled per account and per
 * address, refused as busy when the password cannot be checked within the bound on hashing, and logged either way.
 * The password never reaches a log line.
 */
export async function throttledSignIn(raw: unknown, ip: string | null, userAgent: string | null = null) {
  const email = emailOf(raw);
  const wait = await signInWait(email, ip);
  if (wait > 0) {
    logger.warn({ event: "sign_in.throttled", email, ip, retryAfterSeconds: wait }, "sign-in refused: too many failures");
    throw new SignInThrottled();
  }
  const bucket = addressBucket(ip);
  const checking = inFlight.get(bucket) ?? 0;
  if (checking >= MAX_SIGN_INS_IN_FLIGHT_PER_ADDRESS) {
    logger.warn(
      { event: "sign_in.busy", email, ip, reason: "address_in_flight" },
      "sign-in refused: too many at once from this address",
    );
    throw new SignInBusy();
  }
  inFlight.set(bucket, checking + 1);
  const user = await authenticateWithPassword(raw, { ip, userAgent })
    .catch(async (error: unknown) => {
      if (error instanceof SignInNeedsCode) {
        // The password was right, but nothing is cleared: clearing the account's failures here would let someone who
        // has the password guess codes without end, one password post between each guess.
        logger.info({ event: "sign_in.code_needed", email, ip }, "sign-in waits for a two-factor code");
        throw error;
      }
      if (error instanceof SignInWrongCode) {
        await recordFailedSignIn(email, ip);
        logger.warn({ event: "sign_in.wrong_code", email, ip }, "sign-in failed: wrong two-factor code");
        throw error;
      }
      if (error instanceof SignInSuspended) {
        // The password was right: not a failure to count against the account or the address.
        await recordSuccessfulSignIn(email);
        logger.info({ event: "sign_in.suspended", email, ip }, "sign-in refused: every account of this person is suspended");
        throw error;
      }
      if (!(error instanceof PasswordHashBusy)) throw error;
      // Not a failure of the caller's: nothing is counted against the account or the address.
      logger.warn({ event: "sign_in.busy", email, ip, reason: error.reason }, "sign-in refused: password hashing busy");
      throw new SignInBusy();
    })
    .finally(() => {
      const left = (inFlight.get(bucket) ?? 1) - 1;
      if (left > 0) inFlight.set(bucket, left);
      else inFlight.delete(bucket);
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
