import "server-only";
import { RateLimiterRes } from "rate-limiter-flexible";
import { addressBucket, limiterFor } from "@/lib/infra/rate-limiter";

// Failed sign-ins allowed before a pause: per account, so that one password cannot be guessed at from many
// addresses, and per address, so that one address cannot try many accounts. Counted in Redis when configured.
export const ACCOUNT_FAILURES = { points: 5, seconds: 15 * 60 };
export const ADDRESS_FAILURES = { points: 20, seconds: 15 * 60 };

const accountLimiter = () => limiterFor("sign-in-account", ACCOUNT_FAILURES.points, ACCOUNT_FAILURES.seconds);
const addressLimiter = () => limiterFor("sign-in-address", ADDRESS_FAILURES.points, ADDRESS_FAILURES.seconds);

const accountKey = (email: string) => email.trim().toLowerCase();
const addressKey = addressBucket;

/** Seconds until this account may try again from this address, or 0 when it may try now. */
export async function signInWait(email: string, ip: string | null): Promise<number> {
  const [account, address] = await Promise.all([accountLimiter().get(accountKey(email)), addressLimiter().get(addressKey(ip))]);
  const waits = [
    account && account.consumedPoints >= ACCOUNT_FAILURES.points ? account.msBeforeNext : 0,
    address && address.consumedPoints >= ADDRESS_FAILURES.points ? address.msBeforeNext : 0,
  ];
  return Math.ceil(Math.max(...waits) / 1000);
}

async function consume(limiter: ReturnType<typeof limiterFor>, key: string) {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
  }
}

export async function recordFailedSignIn(email: string, ip: string | null): Promise<void> {
  await Promise.all([consume(accountLimiter(), accountKey(email)), consume(addressLimiter(), addressKey(ip))]);
}

/** A successful sign-in clears the account's failures (not the address's: it may be trying other accounts). */
export async function recordSuccessfulSignIn(email: string): Promise<void> {
  await accountLimiter().delete(accountKey(email));
}
