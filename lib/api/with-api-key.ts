import "server-only";
import type { NextRequest } from "next/server";
import type { KeyForVerification } from "@/db/queries/keys";
import type { BuiltInScope } from "@/lib/scopes";
import { apiError } from "./respond";
import { readKeyFromHeaders } from "./read-key";
import { verifyKey } from "./verify-key";

export interface ApiContext<P> {
  request: NextRequest;
  auth: KeyForVerification;
  params: P;
}

interface Options {
  /** Every one of these scopes is needed. */
  scopes?: BuiltInScope[];
}

// One message for every reason a key is refused, so a caller learns nothing about which keys exist.
const INVALID_KEY_MESSAGE = "The API key is invalid, expired or revoked.";

/**
 * The single gate of every key-authenticated route handler: reads the key, checks it, then the scopes the route
 * needs. Failures answer with the shared error envelope; unexpected errors are logged and answered generically.
 */
export function withApiKey<P = Record<string, never>>(
  handler: (context: ApiContext<P>) => Promise<Response>,
  options: Options = {},
) {
  return async (request: NextRequest, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const presented = readKeyFromHeaders(request.headers);
      if (presented.kind === "missing") {
        return apiError("missing_key", "Send your API key in the Authorization: Bearer header or the X-API-Key header.", {
          "WWW-Authenticate": 'Bearer realm="api"',
        });
      }
      if (presented.kind === "conflict") {
        return apiError("conflicting_keys", "The Authorization and X-API-Key headers carry different keys.");
      }
      const verification = presented.kind === "key" ? await verifyKey(presented.key) : null;
      if (!verification?.valid) {
        return apiError("invalid_key", INVALID_KEY_MESSAGE, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
      }
      const granted = new Set(verification.record.key.scopes);
      const missing = (options.scopes ?? []).find((scope) => !granted.has(scope));
      if (missing) return apiError("insufficient_scope", `This key lacks the "${missing}" scope.`);
      return await handler({ request, auth: verification.record, params: await route.params });
    } catch (error) {
      console.error("[latchkey] API request failed", { path: request.nextUrl.pathname, error });
      return apiError("internal_error", "Something went wrong on our side.");
    }
  };
}
