import type { QuotaState } from "@/lib/keys/quota";
import type { UsageQuotaState } from "@/lib/keys/usage-quota";

/**
 * IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers) describing a key's rate limit ("key") and, when it has
 * one, its usage quota ("quota") as a second entry of each list. A total quota never refills: its entries have no
 * window (`w`) and no reset (`t`), which the draft allows.
 */
export function rateLimitHeaders(state: QuotaState, allowance?: UsageQuotaState | null): Record<string, string> {
  const policy = `"key";q=${state.limit};w=${state.windowSeconds}`;
  const current = `"key";r=${state.remaining};t=${state.resetSeconds}`;
  if (!allowance) return { "RateLimit-Policy": policy, RateLimit: current };
  const window = allowance.windowSeconds === null ? "" : `;w=${allowance.windowSeconds}`;
  const reset = allowance.resetSeconds === null ? "" : `;t=${allowance.resetSeconds}`;
  return {
    "RateLimit-Policy": `${policy}, "quota";q=${allowance.limit}${window}`,
    RateLimit: `${current}, "quota";r=${allowance.remaining}${reset}`,
  };
}
