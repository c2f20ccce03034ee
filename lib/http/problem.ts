import type { z } from "zod";
import { AppError, PlanLimitError, type AppErrorCode } from "@/lib/errors";
import { apiError, type ApiErrorCode, type ApiErrorDetail } from "@/lib/http/envelope";

/** An expected refusal inside a route handler, answered with the error envelope by apiRoute. */
export class ApiProblem extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: ApiErrorDetail[],
  ) {
    super(message);
    this.name = "ApiProblem";
  }
}

export const VALIDATION_MESSAGE = "The request is not valid; see details.";

/** zod's issues as `{ path, message }`; an unknown field is reported under its own name. */
export function detailsOf(error: z.ZodError): ApiErrorDetail[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: [...issue.path, key].join("."), message: "Unknown field." }))
      : [{ path: issue.path.join("."), message: issue.message }],
  );
}

export function validationProblem(error: z.ZodError): ApiProblem {
  return new ApiProblem("validation_failed", VALIDATION_MESSAGE, detailsOf(error));
}

// The lifecycle's expected failures as API codes. Others (unauthorized, forbidden) never come from the code the
// API calls; should one appear it is a bug, answered as an internal error and logged.
const FROM_APP_ERROR: Partial<Record<AppErrorCode, ApiErrorCode>> = {
  bad_request: "bad_request",
  validation_failed: "validation_failed",
  not_found: "not_found",
  conflict: "conflict",
  rate_limited: "rate_limited",
  unavailable: "service_unavailable",
};

/** The response for an expected failure, or null for anything else (which the caller rethrows). */
export function problemResponse(error: unknown): Response | null {
  if (error instanceof ApiProblem) return apiError(error.code, error.message, {}, error.details);
  if (error instanceof AppError) {
    const code = error instanceof PlanLimitError ? "plan_limit" : FROM_APP_ERROR[error.code];
    if (!code) return null;
    const details = error.fieldErrors
      ? Object.entries(error.fieldErrors).flatMap(([path, messages]) => (messages ?? []).map((message) => ({ path, message })))
      : undefined;
    return apiError(code, error.message, {}, details);
  }
  return null;
}
