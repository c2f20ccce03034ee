// What can go wrong with a call to Latchkey itself, as opposed to a verification's answer (an invalid key is a
// result, never an error). Each is thrown by verify(); the middleware turns every one of them into a 503.

export type LatchkeyErrorKind =
  /** 401 or 403: the platform key is missing, invalid, or lacks keys:verify. A configuration problem. */
  | "platform_key"
  /** 429: the platform key's own rate limit is used up. */
  | "rate_limited"
  /** 503, another 5xx, a network failure or the timeout: Latchkey could not answer. */
  | "unavailable"
  /** 400, 413, 415: Latchkey refused the request itself (a field out of bounds). */
  | "bad_request"
  /** A 200 whose body is not what this client understands. */
  | "invalid_response";

export class LatchkeyError extends Error {
  override name = "LatchkeyError";

  constructor(
    readonly kind: LatchkeyErrorKind,
    message: string,
    readonly details: {
      /** The HTTP status Latchkey answered, when it answered. */
      status?: number;
      /** The error envelope's code (invalid_key, insufficient_scope, service_unavailable, …). */
      code?: string;
      /** Seconds to wait, from Retry-After. */
      retryAfter?: number;
      /** The refused fields of a 400 validation_failed. */
      fields?: { path: string; message: string }[];
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  get status() {
    return this.details.status;
  }

  get code() {
    return this.details.code;
  }

  get retryAfter() {
    return this.details.retryAfter;
  }
}

export function isLatchkeyError(error: unknown): error is LatchkeyError {
  return error instanceof LatchkeyError;
}
