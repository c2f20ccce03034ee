import { ERROR_STATUS, type ErrorCode } from "@/lib/http/envelope";
import type { ApiOperation } from "@/lib/api/operations";
import type { OpenApiResponse } from "@/lib/api/openapi/types";
import { schemaRef } from "@/lib/api/openapi/schemas";
import { responseSchemas } from "@/lib/api/response-schemas";

export const RESPONSE_HEADERS = {
  "Cache-Control": {
    description: "Always no-store: no response of this API may be cached.",
    schema: { type: "string", const: "no-store" },
  },
  RateLimit: {
    description:
      'What remains of the key\'s rate limit and the seconds until it resets, `"key";r=<remaining>;t=<seconds>`; for a key with a usage quota a second entry, `"quota";r=<remaining>;t=<seconds to the refill>` (no `t` for a total quota, which never refills).',
    schema: { type: "string" },
  },
  "RateLimit-Policy": {
    description:
      'The key\'s rate limit and its window in seconds, `"key";q=<limit>;w=<seconds>`; for a key with a usage quota a second entry, `"quota";q=<limit>;w=<seconds of the day or month>` (no `w` for a total quota).',
    schema: { type: "string" },
  },
  "Retry-After": { description: "Seconds to wait before trying again.", schema: { type: "integer", minimum: 1 } },
  "WWW-Authenticate": { description: "The authentication scheme: Bearer.", schema: { type: "string" } },
};

const headerRef = (name: keyof typeof RESPONSE_HEADERS) => ({ $ref: `#/components/headers/${name}` });

const WHY: Record<ErrorCode, string> = {
  unauthenticated: "no signed-in session (the dashboard's own routes, never this API)",
  missing_key: "no key was sent",
  invalid_key: "the key is malformed, unknown, revoked, expired, rolled out, its account is suspended or has no plan",
  conflicting_keys: "a credential header sent more than once, or the Authorization and X-API-Key headers with different keys",
  insufficient_scope: "the key lacks a scope this operation needs",
  retiring_secret:
    "the key was presented with a secret being retired (an old one still in its grace after a roll, or a leaked one): it may read and be verified until its grace ends, but not make, change or roll keys or webhook endpoints; use the key's current secret",
  forbidden:
    "the caller is not allowed this: a scope the key may not grant (admin-only, or one it does not hold), or the metrics endpoint without the admin role",
  ip_not_allowed: "the key's IP allowlist does not include the caller's address",
  plan_limit: "the account's plan does not permit it (active keys, rate limit or scopes); the message says which limit",
  rate_limited: "the key has used up its rate limit for the window",
  quota_exceeded:
    "the key has used up its usage quota: Retry-After says when a day's or month's quota refills; a total quota never does and has no Retry-After",
  auth_throttled: "too many failed authentications from this address",
  service_unavailable: "the database cannot be reached right now",
  not_found: "no key (or webhook endpoint, or delivery) with this id belongs to the calling key's account",
  bad_request: "the body is not valid JSON",
  validation_failed: "the body or query was refused; `details` names each field",
  conflict:
    "the key is revoked and can no longer be changed; or the webhook endpoint is disabled, or the account has 20 endpoints",
  payload_too_large: "the body is over 16 KiB",
  unsupported_media_type: "the body is not sent as application/json",
  internal_error: "something went wrong on the server",
  bad_gateway: "the gateway could not reach the upstream service (only under /gw)",
  upstream_timeout: "the upstream service did not answer within its timeout (only under /gw)",
};

const EXTRA_HEADERS: Partial<Record<number, (keyof typeof RESPONSE_HEADERS)[]>> = {
  401: ["WWW-Authenticate"],
  429: ["Retry-After"],
  503: ["Retry-After"],
};

/** The refusals every key-authenticated operation can give, before its own code runs. */
function keyAuthErrors(operation: ApiOperation): ErrorCode[] {
  return [
    "conflicting_keys",
    "missing_key",
    "invalid_key",
    "ip_not_allowed",
    ...(operation.scopes.length > 0 ? (["insufficient_scope"] as const) : []),
    ...(operation.retiringSecret === "refused" ? (["retiring_secret"] as const) : []),
    "rate_limited",
    "quota_exceeded",
    "auth_throttled",
    "service_unavailable",
  ];
}

/** The operation's responses: its success, then one entry per error status listing the codes it can carry. */
export function responsesOf(operation: ApiOperation): Record<string, OpenApiResponse> {
  const success: OpenApiResponse = {
    description: operation.success.description,
    headers:
      operation.auth === "key"
        ? {
            "Cache-Control": headerRef("Cache-Control"),
            RateLimit: headerRef("RateLimit"),
            "RateLimit-Policy": headerRef("RateLimit-Policy"),
          }
        : undefined,
    content: operation.success.schema
      ? { "application/json": { schema: schemaRef(registeredId(operation)) } }
      : { "application/json": { schema: { type: "object" } } },
  };
  const codes = [...(operation.auth === "key" ? keyAuthErrors(operation) : []), ...operation.errors, "internal_error" as const];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const errors = [...byStatus]
    .sort(([a], [b]) => a - b)
    .map(([status, list]): [string, OpenApiResponse] => [
      String(status),
      {
        description: list.map((code) => `\`${code}\`: ${WHY[code]}.`).join(" "),
        "x-error-codes": list,
        headers: Object.fromEntries(
          ["Cache-Control" as const, ...(EXTRA_HEADERS[status] ?? [])].map((name) => [name, headerRef(name)]),
        ),
        content: { "application/json": { schema: schemaRef("Error"), example: { error: { code: list[0], message: "…" } } } },
      },
    ]);
  return { [String(operation.success.status)]: success, ...Object.fromEntries(errors) };
}

function registeredId(operation: ApiOperation): string {
  const id = operation.success.schema && responseSchemas.get(operation.success.schema)?.id;
  if (!id) throw new Error(`The response schema of ${operation.method} ${operation.path} is not registered.`);
  return id;
}
