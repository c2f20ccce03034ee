import "server-only";
import { RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/infra/env";
import { addressBucket, limiterFor } from "@/lib/infra/rate-limiter";

// Leak reports taken per address per minute (LEAK_REPORT_LIMIT_PER_MINUTE), counted before the body is read or its
// signature checked: each report may cost up to 100 transactions, and a forged one still costs a verification.
const limiter = () => limiterFor("leak-report", env().LEAK_REPORT_LIMIT_PER_MINUTE, 60);

/** 0 when the report may go on, else the seconds until this address may report again. */
export async function takeLeakReportAttempt(ip: string | null): Promise<number> {
  try {
    await limiter().consume(addressBucket(ip));
    return 0;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  }
}
