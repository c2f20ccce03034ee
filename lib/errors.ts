export type FieldErrors = Record<string, string[] | undefined>;

/**
 * The expected failures of the domain's commands. Each is also a code of the HTTP error envelope
 * (lib/http/envelope.ts), which answers it with its status; forms show the message and the field errors.
 */
export type AppErrorCode = "validation_failed" | "forbidden" | "not_found" | "conflict" | "plan_limit";

/** An expected failure whose message is safe to show the caller. Anything else is logged and answered generically. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "Key") => new AppError("not_found", `${what} not found.`);

/** Refused because the owner's plan does not permit it: the API answers 403 plan_limit, forms show the message. */
export class PlanLimitError extends AppError {
  constructor(message: string, fieldErrors?: FieldErrors) {
    super("plan_limit", message, fieldErrors);
    this.name = "PlanLimitError";
  }
}
