import "server-only";
import type { Actor } from "@/lib/audit/actor";
import { userAgentOf } from "@/lib/http/user-agent";
import type { KeyForVerification } from "@/db/queries/keys";

/**
 * The actor of a change made through the API: the calling key, with its account's platform role and its own scopes
 * (so that it never grants more than its account could, nor more than it holds), its account, and the caller's address as withApiKey
 * determined it. What it may do is bounded by the end of the secret it was called with as well as by the key's expiry:
 * an old secret in its grace must not make anything that outlives it.
 */
export function apiActor({ request, auth, ip }: { request: Request; auth: KeyForVerification; ip: string | null }): Actor {
  return {
    userId: null,
    keyId: auth.key.id,
    keyAccountId: auth.key.accountId,
    role: auth.platformRole,
    ip,
    userAgent: userAgentOf(request.headers),
    heldScopes: auth.key.scopes,
    heldUntil: earliest(auth.key.expiresAt, auth.secretExpiresAt),
  };
}

/** The earlier of two ends, where null is never. */
function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a <= b ? a : b;
}
