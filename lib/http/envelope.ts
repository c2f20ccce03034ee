export type ApiErrorCode =
  | "missing_key"
  | "invalid_key"
  | "conflicting_keys"
  | "insufficient_scope"
  | "forbidden"
  | "ip_not_allowed"
  | "plan_limit"
  | "rate_limited"
  | "auth_throttled"
  | "service_unavailable"
  | "not_found"
  | "bad_request"
  | "validation_failed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "internal_error";

/** Every code with its status; the OpenAPI document lists them from here. */
export const API_ERROR_STATUS: Record<ApiErrorCode, number> = {
  missing_key: 401,
  invalid_key: 401,
  conflicting_keys: 400,
  insufficient_scope: 403,
  forbidden: 403,
  ip_not_allowed: 403,
  plan_limit: 403,
  rate_limited: 429,
  auth_throttled: 429,
  service_unavailable: 503,
  not_found: 404,
  bad_request: 400,
  validation_failed: 400,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
};

/** Which part of the caller's own input was refused, and why: safe to return, it only describes what they sent. */
export interface ApiErrorDetail {
  path: string;
  message: string;
}

// Nothing an API response carries may be cached by a proxy or the browser: it describes a credential.
const NO_STORE = { "Cache-Control": "no-store" };

/**
 * The one error envelope of the API: `{ error: { code, message, details? } }`. Messages are generic and internal
 * details go to the log; `details` only ever describes the caller's own request body.
 */
export function apiError(code: ApiErrorCode, message: string, headers: Record<string, string> = {}, details?: ApiErrorDetail[]) {
  return Response.json(
    { error: { code, message, ...(details && { details }) } },
    { status: API_ERROR_STATUS[code], headers: { ...NO_STORE, ...headers } },
  );
}

export function apiJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}) {
  // The standard Response: NextResponse's cookie and URL helpers cost time on every answer and nothing here uses them.
  return Response.json(body, { status: init.status ?? 200, headers: { ...NO_STORE, ...init.headers } });
}
