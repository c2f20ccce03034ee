import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { textResponse } from "./lean-routes";

// The one error envelope of every route handler, key-authenticated or signed-in: `{ error: { code, message,
// details? } }` with one set of codes and the status each stands for. Messages are generic and internal details go
// to the log; `details` only ever describes the caller's own request.

export type ErrorCode =
  | "unauthenticated"
  | "missing_key"
  | "invalid_key"
  | "conflicting_keys"
  | "insufficient_scope"
  | "retiring_secret"
  | "forbidden"
  | "ip_not_allowed"
  | "plan_limit"
  | "rate_limited"
  | "quota_exceeded"
  | "auth_throttled"
  | "service_unavailable"
  | "not_found"
  | "bad_request"
  | "validation_failed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "internal_error"
  | "bad_gateway"
  | "upstream_timeout";

/** Every code with its status; the OpenAPI document lists them from here. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  unauthenticated: 401,
  missing_key: 401,
  invalid_key: 401,
  conflicting_keys: 400,
  insufficient_scope: 403,
  retiring_secret: 403,
  forbidden: 403,
  ip_not_allowed: 403,
  plan_limit: 403,
  rate_limited: 429,
  quota_exceeded: 429,
  auth_throttled: 429,
  service_unavailable: 503,
  not_found: 404,
  bad_request: 400,
  validation_failed: 400,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
  bad_gateway: 502,
  upstream_timeout: 504,
};

/** Which part of the caller's own input was refused, and why: safe to return, it only describes what they sent. */
export interface ErrorDetail {
  path: string;
  message: string;
}

// Nothing a route handler answers may be cached by a proxy or the browser: it describes a credential or a tenant.
const NO_STORE = { "Cache-Control": "no-store" };

export function errorResponse(code: ErrorCode, message: string, headers: Record<string, string> = {}, details?: ErrorDetail[]) {
  return jsonResponse({ error: { code, message, ...(details && { details }) } }, { status: ERROR_STATUS[code], headers });
}

export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}) {
  // The standard Response: NextResponse's cookie and URL helpers cost time on every answer and nothing here uses them.
  // Serialised here rather than by Response.json so that the lean path can send the text without reading it back.
  return textResponse(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { ...NO_STORE, "Content-Type": "application/json", ...init.headers },
  });
}

/** An expected refusal inside a route handler, thrown and answered with the envelope by the route's wrapper. */
export class HttpProblem extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = "HttpProblem";
  }
}

export const VALIDATION_MESSAGE = "The request is not valid; see details.";

/** zod's issues as `{ path, message }`; an unknown field is reported under its own name. */
export function detailsOf(error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: [...issue.path, key].join("."), message: "Unknown field." }))
      : [{ path: issue.path.join("."), message: issue.message }],
  );
}

export function validationProblem(error: z.ZodError): HttpProblem {
  return new HttpProblem("validation_failed", VALIDATION_MESSAGE, detailsOf(error));
}

/**
 * The response for an expected failure (an HttpProblem, or a domain command's AppError, whose codes are envelope
 * codes), or null for anything else, which the caller logs and answers as an internal error.
 */
export function expectedErrorResponse(error: unknown): Response | null {
  if (error instanceof HttpProblem) return errorResponse(error.code, error.message, {}, error.details);
  if (error instanceof AppError) {
    const details = error.fieldErrors
      ? Object.entries(error.fieldErrors).flatMap(([path, messages]) => (messages ?? []).map((message) => ({ path, message })))
      : undefined;
    return errorResponse(error.code, error.message, {}, details);
  }
  return null;
}
