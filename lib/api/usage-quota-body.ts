import type { UsageQuotaState } from "@/lib/keys/usage-quota";

/** A key's usage quota as /me and /verify answer it. */
export function usageQuotaBody(state: UsageQuotaState) {
  return {
    limit: state.limit,
    period: state.period,
    used: state.used,
    remaining: state.remaining,
    reset: state.resetSeconds,
  };
}
