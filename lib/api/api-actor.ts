import "server-only";
import type { Actor } from "@/lib/audit/actor";
import { userAgentOf } from "@/lib/http/user-agent";
import type { ApiContext } from "@/lib/api/gate/with-api-key";

/**
 * The actor of a change made through the API: the calling key, with its owner's role and its own scopes (so that it
 * can never grant more than its owner could, nor more than it holds), and the caller's address as withApiKey
 * determined it.
 */
export function apiActor({ request, auth, ip }: Pick<ApiContext<unknown>, "request" | "auth" | "ip">): Actor {
  return {
    userId: null,
    keyId: auth.key.id,
    role: auth.ownerRole,
    ip,
    userAgent: userAgentOf(request.headers),
    heldScopes: auth.key.scopes,
  };
}
