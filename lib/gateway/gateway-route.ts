import "server-only";
import { randomUUID } from "node:crypto";
import type { GatewayRoute, GatewayService } from "@/db/schema";
import { signingSecretOf } from "@/lib/accounts/gateway";
import { gatewayService } from "@/lib/accounts/gateway-services";
import { authSecret } from "@/lib/auth/secret";
import {
  DEPRECATED_ACCOUNT_HEADER,
  deriveSigningSecret,
  IDENTITY_HEADERS,
  signatureBase,
  signatureHeader,
} from "@/lib/auth/upstream-signing";
import { type ApiContext, type Requirements, withApiKey, withOutcome } from "@/lib/api/gate/with-api-key";
import { errorResponse } from "@/lib/http/envelope";
import { bufferedBody, streamResponse } from "@/lib/http/lean-routes";
import { env } from "@/lib/infra/env";
import { logger } from "@/lib/infra/logger";
import { SLUG_PATTERN } from "@/lib/validations/gateway";
import { callUpstream } from "./forward";
import { upstreamRequestHeaders } from "./headers";
import { matchRoute } from "./match";
import { normaliseGatewayPath, upstreamTarget } from "./path";

// Requests to /gw/<service>/<path> pass the same gate as /api/v1 (lib/api/gate/): the key is authenticated first, then
// the service's first matching rule decides the scopes and the cost, then the allowlist, scopes and rate limit are
// checked, and only then is the call forwarded. One generic 404 answers an unknown or disabled service and a path no
// rule matches alike, so the routes cannot be mapped from outside.

export const GATEWAY_PREFIX = "/gw";

interface GatewayRequirements extends Requirements {
  service: GatewayService;
  rule: GatewayRoute;
  /** The checked, canonical path within the service. */
  path: string;
}

const noRoute = () => errorResponse("not_found", "No such route.");

/** The slug and the raw rest of the path, from the request's (still percent-encoded) path. */
function splitGatewayPath(pathname: string): { slug: string; rest: string } | null {
  const match = /^\/gw\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match || !SLUG_PATTERN.test(match[1])) return null;
  return { slug: match[1], rest: match[2] ?? "" };
}

async function requirementsFor(request: Request, url: URL): Promise<GatewayRequirements | Response> {
  const parts = splitGatewayPath(url.pathname);
  if (!parts) return noRoute();
  const path = normaliseGatewayPath(parts.rest);
  if (!path.ok) {
    logger.warn({ reason: path.reason, path: url.pathname.slice(0, 200) }, "gateway path refused");
    return withOutcome(errorResponse("bad_request", "The path is not allowed."), "bad_path");
  }
  const found = await gatewayService(parts.slug);
  if (!found?.service.enabled) return noRoute();
  const rule = matchRoute(found.routes, request.method, path.path);
  if (!rule) return noRoute();
  return {
    scopes: rule.requiredScopes,
    cost: rule.cost,
    // The rule's pattern rather than the path: one rollup row per rule, however many objects it is called for.
    usageRoute: `${GATEWAY_PREFIX}/${parts.slug}${rule.pathPattern}`,
    service: found.service,
    rule,
    path: path.path,
  };
}

/** The secrets that sign a call: the current one, and the previous one while a rotation's grace lasts. */
function signingSecrets(service: GatewayService, now: number): string[] {
  const secrets = [signingSecretOf(service)];
  if (service.previousSecretUntil && service.previousSecretUntil.getTime() > now && service.signingSecretVersion > 1) {
    secrets.push(deriveSigningSecret(authSecret(), service.id, service.signingSecretVersion - 1));
  }
  return secrets;
}

function forwardedProto(request: Request, url: URL): string {
  // A client's X-Forwarded-Proto is believed only from proxies Latchkey was told to trust.
  const fromProxy = env().TRUST_PROXY > 0 ? request.headers.get("x-forwarded-proto")?.split(",").at(-1)?.trim() : undefined;
  return fromProxy === "https" || fromProxy === "http" ? fromProxy : url.protocol.replace(":", "");
}

async function forward({ request, url, auth, ip, requirements }: ApiContext<unknown, GatewayRequirements>): Promise<Response> {
  const { service, path } = requirements;
  const base = new URL(service.baseUrl);
  const target = upstreamTarget(base.pathname, path, url.search);
  const now = Date.now();
  const identity = {
    keyId: auth.key.id,
    accountId: auth.key.accountId,
    environment: auth.key.environment,
    scopes: [...auth.key.scopes].sort().join(" "),
    requestId: randomUUID(),
    timestamp: String(Math.floor(now / 1000)),
  };
  const headers = upstreamRequestHeaders(request.headers, {
    clientIp: ip,
    proto: forwardedProto(request, url),
    host: request.headers.get("host"),
  });
  headers[IDENTITY_HEADERS.keyId] = identity.keyId;
  headers[IDENTITY_HEADERS.accountId] = identity.accountId;
  headers[DEPRECATED_ACCOUNT_HEADER] = identity.accountId;
  headers[IDENTITY_HEADERS.environment] = identity.environment;
  headers[IDENTITY_HEADERS.scopes] = identity.scopes;
  headers[IDENTITY_HEADERS.requestId] = identity.requestId;
  headers[IDENTITY_HEADERS.timestamp] = identity.timestamp;
  headers[IDENTITY_HEADERS.signature] = signatureHeader(
    signingSecrets(service, now),
    signatureBase(identity, request.method, target),
  );

  const result = await callUpstream({
    origin: base,
    method: request.method,
    target,
    headers,
    body: bufferedBody(request) ?? request.body,
    timeoutMs: service.timeoutMs,
    signal: request.signal,
  });
  if (!result.ok) {
    logger.warn(
      { service: service.slug, failure: result.failure, detail: result.detail, requestId: identity.requestId },
      "gateway upstream failed",
    );
    if (result.failure === "timeout") {
      return withOutcome(errorResponse("upstream_timeout", "The upstream service did not answer in time."), "upstream_timeout");
    }
    return withOutcome(
      errorResponse("bad_gateway", "The upstream service could not be reached."),
      result.failure === "forbidden_address" ? "upstream_blocked" : "upstream_unreachable",
    );
  }
  result.headers.set(IDENTITY_HEADERS.requestId, identity.requestId);
  const response = streamResponse(result.body, { status: result.status, headers: result.headers });
  return withOutcome(response, result.status < 400 ? "ok" : "failed");
}

/** The route handler of every method under /gw/<service>/. */
export const gatewayHandler = withApiKey<unknown, GatewayRequirements>(forward, {
  source: "gateway",
  requirements: (request, url) => requirementsFor(request, url),
  // One route for every call refused before a rule matched: the slug is the caller's to choose, and a route per made-up
  // slug would be a rollup row per guess.
  usageRoute: () => `${GATEWAY_PREFIX}/:service`,
});
