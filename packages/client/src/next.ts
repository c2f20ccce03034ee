import type { Latchkey } from "./client.js";
import { type GuardOptions, type Refusal, readPresentedKey, rateLimitHeaders, reportCall, verifyCall } from "./guard.js";
import { addressBehindProxies } from "./ip.js";
import type { VerifiedKey } from "./types.js";

// Next.js App Router route handlers (any framework whose handlers take a web Request and answer a Response works the
// same): `export const GET = withLatchkey(handler, { scopes: ["payments:read"] })`.

export interface NextGuardDefaults extends GuardOptions {
  /**
   * The caller's address. A route handler is not told the socket's address, so by default none is sent, and Latchkey
   * refuses a key that has an IP allowlist (ip_not_allowed): it cannot check it. Give a function (your host's header),
   * or `trustProxy`.
   */
  clientIp?(request: Request): string | null | undefined;
  /**
   * How many reverse proxies in front of you append to X-Forwarded-For (0, the default, ignores the header: a client
   * can write anything into it). With 1, the last entry is the caller's address.
   */
  trustProxy?: number;
}

export type KeyedRouteHandler<C> = (request: Request, key: VerifiedKey, context: C) => Response | Promise<Response>;

/**
 * Binds the middleware to a client: `const withLatchkey = latchkeyForNext(latchkey)`, once, then one line per route.
 * The handler is called with the verified key; a refused call is answered 401, 403 or 429 in Latchkey's error
 * envelope, and 503 when Latchkey cannot be asked. An accepted call's status and latency are reported afterwards.
 */
export function latchkeyForNext(client: Latchkey, defaults: NextGuardDefaults = {}) {
  return function withLatchkey<C = unknown>(handler: KeyedRouteHandler<C>, routeOptions: GuardOptions = {}) {
    const options = { ...defaults, ...routeOptions };
    return async (request: Request, context: C): Promise<Response> => {
      const startedAt = performance.now();
      const presented = readPresentedKey(request.headers.get("authorization"), request.headers.get("x-api-key"));
      const url = new URL(request.url);
      const verified = await verifyCall(
        client,
        presented,
        { method: request.method, path: url.pathname, ip: addressOf(request, defaults) },
        options,
      );
      if (!verified.ok) return refusalResponse(verified.refusal);
      let response: Response;
      try {
        response = await handler(request, verified.key, context);
      } catch (error) {
        reportCall(client, verified.key, 500, startedAt, options);
        throw error;
      }
      reportCall(client, verified.key, response.status, startedAt, options);
      return withHeaders(response, rateLimitHeaders(verified.key));
    };
  };
}

function addressOf(request: Request, { clientIp, trustProxy = 0 }: NextGuardDefaults) {
  if (clientIp) return addressBehindProxies(clientIp(request), null, 0);
  if (trustProxy > 0) return addressBehindProxies(null, request.headers.get("x-forwarded-for"), trustProxy);
  return undefined;
}

function refusalResponse({ status, body, headers }: Refusal) {
  return Response.json(body, { status, headers });
}

/** The handler's response with the key's RateLimit fields, unless it set its own. */
function withHeaders(response: Response, headers: Record<string, string>) {
  const missing = Object.entries(headers).filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  try {
    for (const [name, value] of missing) response.headers.set(name, value);
    return response;
  } catch {
    // The headers of a fetched or redirect Response are immutable: answer a copy.
    const copy = new Response(response.body, response);
    for (const [name, value] of missing) copy.headers.set(name, value);
    return copy;
  }
}
