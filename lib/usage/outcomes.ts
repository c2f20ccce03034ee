import type { UsageSource } from "@/db/schema";

// How the usage pages name each way a call can end. The codes are those of usage_events.outcome: "ok" and "failed"
// for calls let through, the gate's or POST /verify's refusal codes, and the gateway's upstream failures.
const OUTCOME_LABELS: Record<string, string> = {
  ok: "Valid",
  failed: "Valid, answered with an error",
  invalid_key: "Invalid key",
  malformed: "Malformed key",
  unknown: "Unknown key",
  revoked: "Revoked",
  disabled: "Disabled",
  expired: "Expired",
  owner_suspended: "Owner suspended",
  no_plan: "No plan",
  insufficient_scope: "Insufficient scope",
  retiring_secret: "Retiring secret",
  ip_not_allowed: "IP refused",
  rate_limited: "Rate limited",
  quota_exceeded: "Quota used up",
  auth_throttled: "Throttled",
  conflicting_keys: "Conflicting keys",
  service_unavailable: "Service unavailable",
  internal_error: "Internal error",
  upstream_timeout: "Upstream timed out",
  upstream_unreachable: "Upstream unreachable",
  upstream_blocked: "Upstream address not allowed",
  not_found: "No such route",
  bad_path: "Path refused",
  refused: "Refused (reason not kept)",
};

export type OutcomeTone = "ok" | "failed" | "refused";

export function outcomeLabel(outcome: string): string {
  return OUTCOME_LABELS[outcome] ?? outcome.replaceAll("_", " ");
}

/** ok: let through and answered; failed: let through, answered 400 or above, or lost upstream; refused: never ran. */
export function outcomeTone(outcome: string): OutcomeTone {
  if (outcome === "ok") return "ok";
  if (outcome === "failed" || outcome.startsWith("upstream_") || outcome === "internal_error") return "failed";
  return "refused";
}

export const SOURCE_LABELS: Record<UsageSource, string> = {
  api: "Latchkey API",
  verify: "Verified",
  gateway: "Gateway",
};
