import "server-only";
import { isDatabaseUnavailable } from "@/db/errors";
import type { KeyForVerification } from "@/db/queries/keys";
import type { UsageSource } from "@/db/schema";
import { logger } from "@/lib/infra/logger";
import { metrics } from "@/lib/infra/metrics";
import { errorResponse, expectedErrorResponse } from "@/lib/http/envelope";
import { clientIp } from "@/lib/http/client-ip";
import { userAgentOf } from "@/lib/http/user-agent";
import { authorizeKey, type Authorization } from "@/lib/keys/authorize";
import type { QuotaState } from "@/lib/keys/quota";
import { consumeUsageQuota, type UsageQuotaState } from "@/lib/keys/usage-quota";
import type { BuiltInScope } from "@/lib/scopes";
import { recordUsage, usageJournaled } from "@/lib/usage/recorder";
import { routeName } from "@/lib/usage/route-name";
import type { AuditedAction } from "@/lib/api/audited-action";
import { auditMissingScope, auditRetiringSecret } from "./scope-refusal-audit";
import { authenticate, type Authentication } from "./authenticate";
import { rateLimitHeaders } from "./quota-headers";

export interface ApiContext<P, R extends Requirements = Requirements> {
  request: Request;
  /** The request's URL, parsed once. */
  url: URL;
  auth: KeyForVerification;
  params: P;
  /** The caller's address as Latchkey determined it (see lib/http/client-ip.ts). */
  ip: string | null;
  /** The key's rate limit after this request was counted. */
  quota: QuotaState;
  /** The key's usage quota after this request was counted; null for a key without one. */
  allowance: UsageQuotaState | null;
  /** What this call needed: the route's fixed scopes, or what `requirements` decided for it. */
  requirements: R;
}

/** What a call needs before the gate lets it through. */
export interface Requirements {
  /** Every one of these scopes is needed. */
  scopes: readonly string[];
  /** Requests of the key's rate limit and usage quota the call uses; 1 when not said. */
  cost?: number;
  /** The route as usage records it, when the path alone would not name it well (a gateway rule's pattern). */
  usageRoute?: string;
}

interface Options<P, R extends Requirements> {
  /** Every one of these scopes is needed: a route whose needs are fixed. */
  scopes?: BuiltInScope[];
  /**
   * A route whose needs depend on the request (the gateway: the rule its path matches): decided once the key is
   * authenticated, so that an unauthenticated caller learns nothing of the routes. An answer returned instead (a
   * 404 for a path no rule matches) ends the call there, recorded as refused.
   */
  requirements?: (request: Request, url: URL, params: P) => Promise<R | Response>;
  /** The route usage records for a call refused before its requirements were known; the path when not said. */
  usageRoute?: (url: URL) => string;
  /**
   * A management operation's action: a key refused for a missing scope, or for a retiring secret, leaves
   * `<audit>.denied` in its account's trail.
   */
  audit?: AuditedAction;
  /** "refused": a key presented with a secret being retired may not make this call (see lib/api/operations.ts). */
  retiringSecret?: "refused";
  /** Where usage says the call was seen: Latchkey's own API unless said (the gateway says "gateway"). */
  source?: UsageSource;
}

// How a handler's answer ended, when its status alone does not say it (an upstream that timed out or was unreachable).
const outcomes = new WeakMap<Response, string>();

/** Marks a handler's answer with the outcome usage records for it (otherwise "ok" below 400, "failed" from 400). */
export function withOutcome(response: Response, outcome: string): Response {
  outcomes.set(response, outcome);
  return response;
}

// One message for every reason a key is refused, so that a caller learns nothing about which keys exist.
const INVALID_KEY_MESSAGE = "The API key is invalid, expired or revoked.";

/**
 * The single gate of every key-authenticated route handler: authenticate (read the key, throttle, verify), then
 * authorize (allowlist, scopes, rate limit, then the usage quota), then run the handler; every answer is counted and its usage recorded.
 * Each refusal has its own code; a handler's expected refusals (an HttpProblem, a command's AppError) are answered with
 * the envelope, unexpected errors are logged and answered generically.
 */
export function withApiKey<P = Record<string, never>, R extends Requirements = Requirements>(
  handler: (context: ApiContext<P, R>) => Promise<Response>,
  options: Options<P, R> = {},
) {
  const gate = async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const url = new URL(request.url);
    const ip = clientIp(request.headers);
    // Refusals of a known key are recorded for its account too; `counted` says whether the gate let the call through.
    let record: KeyForVerification | undefined;
    let counted = false;
    let verifiedAt: number | null = null;
    let requirements: R | undefined;

    const finish = (response: Response, code: string = outcomes.get(response) ?? (response.ok ? "ok" : "handler")): Response => {
      observe(response, code, (verifiedAt ?? performance.now()) - started);
      if (record) {
        recordUsage({
          keyId: record.key.id,
          accountId: record.key.accountId,
          at: new Date(),
          method: request.method,
          route: requirements?.usageRoute ?? options.usageRoute?.(url) ?? routeName(url.pathname),
          status: response.status,
          latencyMs: Math.round(performance.now() - started),
          ip,
          userAgent: userAgentOf(request.headers),
          counted,
          outcome: code === "handler" ? "failed" : code,
          neededScopes: counted && requirements ? [...requirements.scopes] : undefined,
          ...(options.source && { source: options.source }),
        });
      }
      return response;
    };

    try {
      // Answered at once for a cached key: awaited only when it is a promise (each one costs; see authenticate).
      const authenticating = authenticate(request.headers, ip);
      const authentication = authenticating instanceof Promise ? await authenticating : authenticating;
      if (!authentication.ok) {
        record = authentication.record;
        logRefusedAuthentication(request.method, url, ip, authentication);
        return finish(authenticationRefused(authentication), authentication.code);
      }
      record = authentication.record;

      const params = await route.params;
      const decided = options.requirements
        ? await options.requirements(request, url, params)
        : ({ scopes: options.scopes ?? [] } as Requirements as R);
      if (decided instanceof Response) {
        // A call refused for its path (no such route) still passes the allowlist and uses one request of the quota:
        // otherwise a key could probe routes from anywhere, and make unlimited lookups, by asking for ones that do not exist.
        const probe = await authorizeKey(record.key, { ip, scopes: [] });
        const probeHeaders = rateLimitHeaders(probe.quota);
        if (!probe.allowed) return finish(authorizationRefused(probe, probeHeaders), probe.code);
        for (const [name, value] of Object.entries(probeHeaders)) decided.headers.set(name, value);
        return finish(decided, outcomes.get(decided) ?? (decided.status === 404 ? "not_found" : "refused"));
      }
      requirements = decided;

      const authorization = await authorizeKey(record.key, {
        ip,
        scopes: requirements.scopes,
        cost: requirements.cost,
        // An old secret in its grace has an end; the key's current secret has none (the record says which was presented).
        retiringSecretRefused: options.retiringSecret === "refused" && record.secretExpiresAt !== null,
      });
      if (!authorization.allowed) {
        if (authorization.code === "insufficient_scope" && options.audit) {
          await auditMissingScope({ request, auth: record, ip }, options.audit, authorization.missingScope);
        }
        if (authorization.code === "retiring_secret" && options.audit) {
          await auditRetiringSecret({ request, auth: record, ip }, options.audit);
        }
        return finish(authorizationRefused(authorization, rateLimitHeaders(authorization.quota)), authorization.code);
      }
      // Last, so that no refusal above uses any of it; a key without a usage quota asks the database nothing here.
      const allowance = record.key.usageQuota === null ? null : await consumeUsageQuota(record.key, requirements.cost);
      const limitHeaders = rateLimitHeaders(authorization.quota, allowance);
      if (allowance && !allowance.allowed) return finish(quotaExceeded(allowance, limitHeaders), "quota_exceeded");
      // Only a call the gate let through is a request a platform could bill for; refusals stay visible as events.
      counted = true;

      verifiedAt = performance.now();
      let response: Response;
      try {
        response = await handler({
          request,
          url,
          auth: record,
          params,
          ip,
          quota: authorization.quota,
          allowance,
          requirements,
        });
      } catch (error) {
        // An expected refusal (an HttpProblem, a command's AppError) is answered with the envelope; anything else below.
        const expected = expectedErrorResponse(error);
        if (!expected) throw error;
        response = expected;
      }
      for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
      return finish(response);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        logger.error({ path: url.pathname, err: error }, "database unavailable during an API request");
        // Fail closed: a key that could not be checked is never let through.
        return finish(
          errorResponse("service_unavailable", "The service is temporarily unavailable.", { "Retry-After": "5" }),
          "service_unavailable",
        );
      }
      logger.error({ path: url.pathname, err: error }, "API request failed");
      return finish(errorResponse("internal_error", "Something went wrong on our side."), "internal_error");
    }
  };
  // Typed as the standard Request: the framework hands a NextRequest, the lean path (lib/http/lean-routes.ts) a Request.
  // Every answer waits until the call's usage is journaled (lib/usage/recorder.ts): an acknowledged call is never lost.
  return (request: Request, route: { params: Promise<P> }): Promise<Response> => gate(request, route).then(onceJournaled);
}

function onceJournaled(response: Response): Response | Promise<Response> {
  const journaled = usageJournaled();
  return journaled ? journaled.then(() => response) : response;
}

function authenticationRefused(refusal: Extract<Authentication, { ok: false }>): Response {
  switch (refusal.code) {
    case "missing_key":
      return errorResponse("missing_key", "Send your API key in the Authorization: Bearer header or the X-API-Key header.", {
        "WWW-Authenticate": 'Bearer realm="api"',
      });
    case "conflicting_keys":
      return errorResponse(
        "conflicting_keys",
        "Send one key, once: in the Authorization header or the X-API-Key header (both only with the same key).",
      );
    case "auth_throttled":
      return errorResponse("auth_throttled", "Too many failed attempts from this address; try again later.", {
        "Retry-After": String(refusal.retryAfter ?? 1),
      });
    case "invalid_key":
      return errorResponse("invalid_key", INVALID_KEY_MESSAGE, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
  }
}

/**
 * One line per refused authentication, for whoever watches for credential stuffing or a customer's broken deploy:
 * the reason, the caller's address, and of the key at most its visible start and, for a known key, its id. Never the
 * key or its hash.
 */
function logRefusedAuthentication(method: string, url: URL, ip: string | null, refusal: Extract<Authentication, { ok: false }>) {
  logger.warn(
    {
      reason: refusal.code,
      ip,
      method,
      path: url.pathname,
      keyStart: refusal.record?.key.start ?? refusal.keyStart,
      keyId: refusal.record?.key.id,
    },
    "API authentication refused",
  );
}

// Refusals after authentication report the key's quota too; only rate_limited has used it up.
function authorizationRefused(
  refusal: Extract<Authorization, { allowed: false }>,
  limitHeaders: Record<string, string>,
): Response {
  switch (refusal.code) {
    case "ip_not_allowed":
      return errorResponse("ip_not_allowed", "This key may not be used from this address.", limitHeaders);
    case "insufficient_scope":
      return errorResponse("insufficient_scope", `This key lacks the "${refusal.missingScope}" scope.`, limitHeaders);
    case "retiring_secret":
      return errorResponse("retiring_secret", "This secret is being retired; use the key's current secret.", limitHeaders);
    case "rate_limited":
      return errorResponse("rate_limited", "This key has made too many requests; try again later.", {
        ...limitHeaders,
        "Retry-After": String(refusal.quota.resetSeconds),
      });
  }
}

const TOTAL_QUOTA_RETRY_AFTER_SECONDS = 86_400;

/**
 * The key's usage quota is used up. Retry-After says when a day's or a month's quota refills; a total never does, so
 * it says a day: every 429 carries one, and a client that honours it asks again rarely until the quota is raised.
 */
function quotaExceeded(allowance: UsageQuotaState, limitHeaders: Record<string, string>): Response {
  const refill = { "Retry-After": String(allowance.resetSeconds ?? TOTAL_QUOTA_RETRY_AFTER_SECONDS) };
  const message =
    allowance.resetSeconds === null
      ? "This key has used all of its quota; it does not refill."
      : `This key has used all of its quota for this ${allowance.period}; it refills at the start of the next (UTC).`;
  return errorResponse("quota_exceeded", message, { ...limitHeaders, ...refill });
}

// Counted for /api/metrics: every response, and how long authentication took (the handler's own time excluded).
function observe(response: Response, code: string, verificationMs: number) {
  const { verificationSeconds, apiResponses } = metrics();
  verificationSeconds.observe({ outcome: response.status < 400 ? "accepted" : "refused" }, verificationMs / 1000);
  apiResponses.inc({ status: String(response.status), code });
}
