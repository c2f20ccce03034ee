import "server-only";
import type { NextRequest } from "next/server";
import type { KeyForVerification } from "@/db/queries/keys";
import type { BuiltInScope } from "@/lib/scopes";
import { recordUsage } from "@/lib/usage/recorder";
import { apiError } from "@/lib/http/envelope";
import { readKeyFromHeaders } from "@/lib/api/gate/read-key";
import { recentlyRefused, verifyKey } from "@/lib/keys/verify";
import { clientIp, ipAllowed } from "@/lib/http/client-ip";
import { consumeKeyQuota, peekKeyQuota, rateLimitHeaders, type QuotaState } from "@/lib/infra/rate-limiter";
import { allowThrottledLookup, authThrottleWait, recordFailedAuth } from "@/lib/api/gate/auth-throttle";
import { isDatabaseUnavailable } from "@/db/errors";
import { logger } from "@/lib/infra/logger";
import { metrics } from "@/lib/infra/metrics";

export interface ApiContext<P> {
  request: NextRequest;
  auth: KeyForVerification;
  params: P;
  /** The caller's address as Latchkey determined it (see client-ip.ts). */
  ip: string | null;
  /** The key's quota after this request was counted. */
  quota: QuotaState;
}

interface Options {
  /** Every one of these scopes is needed. */
  scopes?: BuiltInScope[];
}

// One message for every reason a key is refused, so that a caller learns nothing about which keys exist.
const INVALID_KEY_MESSAGE = "The API key is invalid, expired or revoked.";
const MAX_USER_AGENT = 512;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The single gate of every key-authenticated route handler. In order: read the key, check its shape, find it, check
 * the address against its allowlist, the scopes the route needs, and its rate limit; then run the handler and
 * record the usage. Each refusal has its own code; unexpected errors are logged and answered generically.
 */
export function withApiKey<P = Record<string, never>>(
  handler: (context: ApiContext<P>) => Promise<Response>,
  options: Options = {},
) {
  return async (request: NextRequest, route: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const ip = clientIp(request.headers);
    let record: KeyForVerification | undefined;
    let counted = false;

    let verifiedAt: number | null = null;
    const finish = (response: Response, code: string = response.ok ? "ok" : "handler"): Response => {
      observe(response, code, (verifiedAt ?? performance.now()) - started);
      if (record) {
        recordUsage({
          keyId: record.key.id,
          ownerId: record.key.ownerId,
          at: new Date(),
          method: request.method,
          // Ids are folded so that one route is one route, however many keys it is called for.
          route: request.nextUrl.pathname.replace(UUID, ":id"),
          status: response.status,
          latencyMs: Math.round(performance.now() - started),
          ip,
          userAgent: request.headers.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null,
          counted,
        });
      }
      return response;
    };

    try {
      const presented = readKeyFromHeaders(request.headers);
      if (presented.kind === "missing") {
        return finish(
          apiError("missing_key", "Send your API key in the Authorization: Bearer header or the X-API-Key header.", {
            "WWW-Authenticate": 'Bearer realm="api"',
          }),
          "missing_key",
        );
      }
      if (presented.kind === "conflict") {
        return finish(
          apiError("conflicting_keys", "The Authorization and X-API-Key headers carry different keys."),
          "conflicting_keys",
        );
      }
      // An address throttled for failed attempts is answered from the cache first, then gets only a few database
      // lookups a minute: a customer's working keys keep working beside a stale one, while guesses are turned away
      // before they cost anything.
      const throttledFor = authThrottleWait(ip);
      let verification =
        presented.kind === "key" ? await verifyKey(presented.key, undefined, { cacheOnly: throttledFor > 0 }) : null;
      if (
        throttledFor > 0 &&
        presented.kind === "key" &&
        !verification?.valid &&
        !recentlyRefused(presented.key) &&
        (await allowThrottledLookup(ip))
      ) {
        verification = await verifyKey(presented.key);
      }
      if (!verification?.valid && throttledFor > 0) return finish(throttled(throttledFor), "auth_throttled");
      if (!verification?.valid) {
        // Refusals of a known key are kept for its owner's security view.
        record = verification?.record;
        const blockedFor = await recordFailedAuth(ip);
        if (blockedFor > 0) return finish(throttled(blockedFor), "auth_throttled");
        return finish(
          apiError("invalid_key", INVALID_KEY_MESSAGE, { "WWW-Authenticate": 'Bearer error="invalid_token"' }),
          "invalid_key",
        );
      }
      record = verification.record;
      counted = true;

      // Refusals after authentication report the quota too, without using any of it.
      const quotaHeaders = async () =>
        rateLimitHeaders(await peekKeyQuota(record!.key.id, record!.key.rateLimit, record!.key.rateLimitWindow));
      if (!ipAllowed(record.key.ipAllowlist, ip)) {
        return finish(
          apiError("ip_not_allowed", "This key may not be used from this address.", await quotaHeaders()),
          "ip_not_allowed",
        );
      }
      const granted = new Set(record.key.scopes);
      const missing = (options.scopes ?? []).find((scope) => !granted.has(scope));
      if (missing) {
        return finish(
          apiError("insufficient_scope", `This key lacks the "${missing}" scope.`, await quotaHeaders()),
          "insufficient_scope",
        );
      }

      const quota = await consumeKeyQuota(record.key.id, record.key.rateLimit, record.key.rateLimitWindow);
      const limitHeaders = rateLimitHeaders(quota);
      if (!quota.allowed) {
        return finish(
          apiError("rate_limited", "This key has made too many requests; try again later.", {
            ...limitHeaders,
            "Retry-After": String(quota.resetSeconds),
          }),
          "rate_limited",
        );
      }
      verifiedAt = performance.now();
      const response = await handler({ request, auth: record, params: await route.params, ip, quota });
      for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
      return finish(response);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        logger.error({ path: request.nextUrl.pathname, err: error }, "database unavailable during an API request");
        // Fail closed: a key that could not be checked is never let through.
        return finish(
          apiError("service_unavailable", "The service is temporarily unavailable.", { "Retry-After": "5" }),
          "service_unavailable",
        );
      }
      logger.error({ path: request.nextUrl.pathname, err: error }, "API request failed");
      return finish(apiError("internal_error", "Something went wrong on our side."), "internal_error");
    }
  };
}

// Counted for /api/metrics: every response, and how long authentication took (the handler's own time excluded).
function observe(response: Response, code: string, verificationMs: number) {
  const { verificationSeconds, apiResponses } = metrics();
  verificationSeconds.observe({ outcome: response.status < 400 ? "accepted" : "refused" }, verificationMs / 1000);
  apiResponses.inc({ status: String(response.status), code });
}

function throttled(seconds: number): Response {
  return apiError("auth_throttled", "Too many failed attempts from this address; try again later.", {
    "Retry-After": String(seconds),
  });
}
