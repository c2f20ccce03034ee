import "server-only";
import { RateLimiterRes } from "rate-limiter-flexible";
import { addressBucket, limiterFor } from "@/lib/infra/rate-limiter";

// Password-reset requests, counted before anything is looked up, whether or not the address has an account (so the
// count itself tells nothing): per email, so that nobody's inbox is flooded with links, and per client address, so
// that one address cannot mail the whole user list.
export const RESET_WINDOW_SECONDS = 60 * 60;
const PER_EMAIL = 3;
const PER_ADDRESS = 10;

const emailLimiter = () => limiterFor("password-reset-email", PER_EMAIL, RESET_WINDOW_SECONDS);
const addressLimiter = () => limiterFor("password-reset-address", PER_ADDRESS, RESET_WINDOW_SECONDS);

async function take(limiter: ReturnType<typeof limiterFor>, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  }
}

// Email changes asked for by one person: each mails a new address and answers whether it is taken, so that neither
// the mailing nor the question is unlimited (sign-up, which answers the same, is limited per address too).
const EMAIL_CHANGES_PER_USER = 5;
const emailChangeLimiter = () => limiterFor("email-change-user", EMAIL_CHANGES_PER_USER, RESET_WINDOW_SECONDS);

/** 0 when the person may ask for another email change, else the seconds until they may. */
export function takeEmailChangeAttempt(userId: string): Promise<number> {
  return take(emailChangeLimiter(), userId);
}

/** 0 when the request may go on, else the seconds until it may be made again. The address is counted first. */
export async function takePasswordResetAttempt(email: string, ip: string | null): Promise<number> {
  const byAddress = await take(addressLimiter(), addressBucket(ip));
  if (byAddress > 0) return byAddress;
  return take(emailLimiter(), email.toLowerCase());
}
