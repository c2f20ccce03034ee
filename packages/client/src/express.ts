import type { IncomingMessage, ServerResponse } from "node:http";
import type { Latchkey } from "./client.js";
import { type GuardOptions, type Refusal, readPresentedKey, rateLimitHeaders, reportCall, verifyCall } from "./guard.js";
import { addressBehindProxies } from "./ip.js";
import type { VerifiedKey } from "./types.js";

// Express (4 or 5) and any Connect-style server: `app.get("/payments/:id", requireKey({ scopes: ["payments:read"] }),
// handler)`. Written against node:http's types, so the package needs neither express nor @types/express.

declare global {
  namespace Express {
    interface Request {
      /** The key this request was verified with, set by @latchkey/client's middleware. */
      latchkey?: VerifiedKey;
    }
  }
}

/** What the middleware reads of a request: node's, plus what Express adds when it is there. */
export type GuardedRequest = IncomingMessage & { latchkey?: VerifiedKey; originalUrl?: string; ip?: string };
export type NextFunction = (error?: unknown) => void;

export interface ExpressGuardDefaults extends GuardOptions {
  /**
   * The caller's address. Default: Express's `req.ip`, which is the socket's address unless you set Express's own
   * "trust proxy"; without Express, the socket's address. X-Forwarded-For is never read unless you say so.
   */
  clientIp?(request: GuardedRequest): string | null | undefined;
}

/** Binds the middleware to a client: `const requireKey = latchkeyForExpress(latchkey)`, then one line per route. */
export function latchkeyForExpress(client: Latchkey, defaults: ExpressGuardDefaults = {}) {
  return function requireKey(routeOptions: GuardOptions = {}) {
    const options = { ...defaults, ...routeOptions };
    return async (request: GuardedRequest, response: ServerResponse, next: NextFunction): Promise<void> => {
      const startedAt = performance.now();
      const presented = readPresentedKey(request.headers.authorization, headerValue(request.headers["x-api-key"]));
      const verified = await verifyCall(
        client,
        presented,
        { method: request.method, path: request.originalUrl ?? request.url ?? "/", ip: addressOf(request, defaults) },
        options,
      );
      if (!verified.ok) return refuse(response, verified.refusal);
      request.latchkey = verified.key;
      for (const [name, value] of Object.entries(rateLimitHeaders(verified.key))) response.setHeader(name, value);
      response.once("finish", () => reportCall(client, verified.key, response.statusCode, startedAt, options));
      next();
    };
  };
}

function addressOf(request: GuardedRequest, { clientIp }: ExpressGuardDefaults) {
  if (clientIp) return addressBehindProxies(clientIp(request), null, 0);
  return addressBehindProxies(request.ip ?? request.socket?.remoteAddress, null, 0);
}

// Node joins a repeated X-API-Key with ", " but a raw array may come from other servers.
function headerValue(value: string | string[] | undefined) {
  return Array.isArray(value) ? value.join(", ") : value;
}

function refuse(response: ServerResponse, { status, body, headers }: Refusal) {
  response.statusCode = status;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader("Content-Type", "application/json; charset=utf-8");
  response.end(JSON.stringify(body));
}
