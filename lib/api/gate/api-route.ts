import "server-only";
import type { BuiltInScope } from "@/lib/scopes";
import { keyIdSchema } from "@/lib/validations/key";
import type { KeyRef } from "@/lib/keys/lifecycle-steps";
import type { AuditedAction } from "@/lib/api/audited-action";
import { HttpProblem } from "@/lib/http/envelope";
import { withApiKey, type ApiContext } from "@/lib/api/gate/with-api-key";

/**
 * A route of Latchkey's own API: withApiKey with the scopes the route needs (and, for a management operation, the
 * action a refusal is audited as and the refusal of a retiring secret; a management route passes its whole entry of
 * API_OPERATIONS). A handler throws an HttpProblem or the lifecycle's AppError for an expected failure and the caller
 * gets the error envelope with the right status.
 */
export function apiRoute<P = Record<string, never>>(
  handler: (context: ApiContext<P>) => Promise<Response>,
  { scopes, audit, retiringSecret }: { scopes: BuiltInScope[]; audit?: AuditedAction; retiringSecret?: "refused" },
) {
  return withApiKey<P>(handler, { scopes, audit, retiringSecret });
}

/** The key named in the URL, always together with the calling key's account: another account's key is not found. */
export function ownKeyRef({ auth, params }: ApiContext<{ id: string }>): KeyRef {
  const parsed = keyIdSchema.safeParse(params.id);
  // A malformed id cannot name any key: the same 404 as an unknown one, and no query with it.
  if (!parsed.success) throw new HttpProblem("not_found", "Key not found.");
  return { keyId: parsed.data, accountId: auth.key.accountId };
}
