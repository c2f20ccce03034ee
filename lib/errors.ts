export type FieldErrors = Record<string, string[] | undefined>;

export type AppErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "unavailable";

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

/** An expected failure whose message is safe to show the caller. Anything else is logged and answered generically. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = "AppError";
    this.status = STATUS[code];
  }
}

export const notFound = (what = "Key") => new AppError("not_found", `${what} not found.`);

/** Refused because the owner's plan does not permit it: the API answers 403 plan_limit, forms show the message. */
export class PlanLimitError extends AppError {
  constructor(message: string, fieldErrors?: FieldErrors) {
    super("forbidden", message, fieldErrors);
    this.name = "PlanLimitError";
  }
}
