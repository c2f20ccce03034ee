import type { IdentityCheck, IdentityProof } from "@/lib/auth/confirm-identity";
import type { ActionResult } from "@/lib/http/server-action";

/** What a form asking for the password (or a code) again says when it was not accepted. */
export function identityRefusal(
  reason: Exclude<IdentityCheck, { ok: true }>["reason"],
  proof: IdentityProof,
): Extract<ActionResult, { ok: false }> {
  if (reason === "throttled") return { ok: false, error: "Too many failed attempts. Wait a few minutes before trying again." };
  if (reason === "busy") return { ok: false, error: "The service is busy; try again in a moment." };
  return "password" in proof
    ? { ok: false, error: "Wrong password.", fieldErrors: { password: ["Wrong password."] } }
    : { ok: false, error: "Wrong code.", fieldErrors: { code: ["Wrong code."] } };
}
