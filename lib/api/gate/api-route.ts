import "server-only";
import type { BuiltInScope } from "@/lib/scopes";
import { keyIdSchema } from "@/lib/validations/key";
import type { KeyAction, KeyRef } from "@/lib/keys/lifecycle-steps";
import { HttpProblem, expectedErrorResponse } from "@/lib/http/envelope";
import { withApiKey, type ApiContext } from "@/lib/api/gate/with-api-key";

/**
 * withApiKey plus the answers to expected failures: a handler throws an HttpProblem or the lifecycle's AppError and
 * the caller gets the error envelope with the right status. Anything else reaches withApiKey, which logs it.
 */
export function apiRoute<P = Record<string, never>>(
  handler: (context: ApiContext<P>) => Promise<Response>,
  options: { scopes: BuiltInScope[]; audit?: KeyAction },
) {
  return withApiKey<P>(async (context) => {
    try {
      return await handler(context);
    } catch (error) {
      const response = expectedErrorResponse(error);
      if (response) return response;
      throw error;
    }
  }, options);
}

/** The key named in the URL, always together with the calling key's account: another account's key is not found. */
export function ownKeyRef({ auth, params }: ApiContext<{ id: string }>): KeyRef {
  const parsed = keyIdSchema.safeParse(params.id);
  // A malformed id cannot name any key: the same 404 as an unknown one, and no query with it.
  if (!parsed.success) throw new HttpProblem("not_found", "Key not found.");
  return { keyId: parsed.data, accountId: auth.key.accountId };
}
