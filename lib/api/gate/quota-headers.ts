import type { QuotaState } from "@/lib/keys/quota";

/** IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers) describing a key's quota. */
export function rateLimitHeaders(state: QuotaState): Record<string, string> {
  return {
    "RateLimit-Policy": `"key";q=${state.limit};w=${state.windowSeconds}`,
    RateLimit: `"key";r=${state.remaining};t=${state.resetSeconds}`,
  };
}
