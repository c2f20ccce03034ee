import "server-only";
import type { Actor } from "@/lib/audit/actor";
import { userAgentOf } from "@/lib/http/user-agent";
import type { KeyForVerification } from "@/db/queries/keys";

/**
 * The actor of a change made through the API: the calling key, with its account's platform role and its own scopes
 * (so that it never grants more than its account could, nor more than it holds), its account, and the caller's address as withApiKey
 * determined it.
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
    heldUntil: auth.key.expiresAt,
  };
}
