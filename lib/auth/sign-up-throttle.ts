import "server-only";
import { RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/infra/env";
import { addressBucket, limiterFor } from "@/lib/infra/rate-limiter";

// Sign-ups allowed per address per hour (SIGN_UP_LIMIT_PER_HOUR), counted in Redis when configured. Each costs a
// 128 MiB password hash and makes an account, so one address cannot flood either.
export const SIGN_UP_WINDOW_SECONDS = 60 * 60;

const addressLimiter = () => limiterFor("sign-up-address", env().SIGN_UP_LIMIT_PER_HOUR, SIGN_UP_WINDOW_SECONDS);
const addressKey = addressBucket;

/**
 * Counts a sign-up from this address before its password is hashed: 0 when it may go on, else the seconds until
 * the address may try again. Counted on the way in, not afterwards, so that a burst of parallel attempts cannot all
 * pass the check before the first of them is counted.
 */
export async function takeSignUpAttempt(ip: string | null): Promise<number> {
  try {
    await addressLimiter().consume(addressKey(ip));
    return 0;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  }
}

/** Gives back an attempt that was refused for the server's reasons, not the caller's (hashing was too busy). */
export async function returnSignUpAttempt(ip: string | null): Promise<void> {
  await addressLimiter().reward(addressKey(ip), 1);
}
