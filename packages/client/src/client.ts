import { LatchkeyError } from "./errors.js";
import { isWellFormedKey } from "./key-format.js";
import { ReportQueue } from "./report-queue.js";
import {
  type ErrorEnvelope,
  isErrorEnvelope,
  isReportAnswer,
  isVerifyResult,
  type ReportInput,
  type ReportResult,
  type VerifyInput,
  type VerifyResult,
} from "./types.js";
import { VerifyCache, type VerifyCacheOptions } from "./verify-cache.js";

export interface LatchkeyOptions {
  /** Where Latchkey runs, e.g. https://keys.example.com (its /api/v1 is appended). */
  baseUrl: string;
  /** A key of your platform holding keys:verify (issued with `npm run key:create`). */
  platformKey: string;
  /** How long one call to Latchkey may take before it counts as unavailable. Default 5000 ms. */
  timeoutMs?: number;
  /** The fetch to call Latchkey with. Default: the platform's global fetch. */
  fetch?: typeof fetch;
  /** Your deployment's KEY_PREFIX: a presented key with another prefix is refused as malformed without a call. */
  keyPrefix?: string;
  /** Off by default; see verify-cache.ts and the README for what turning it on costs. */
  cache?: VerifyCacheOptions;
  reports?: { intervalMs?: number; maxQueued?: number; backoffMs?: number; maxBackoffMs?: number };
  /** Called with every failure that is not thrown to a caller: a report batch that failed, a report refused. */
  onError?(error: unknown): void;
}

export interface Latchkey {
  /**
   * Whether a presented key may be used now for `scopes`. An invalid key is an answer (`valid: false` and its code),
   * never an exception; throws LatchkeyError only when Latchkey itself could not be asked (see its `kind`).
   */
  verify(input: VerifyInput): Promise<VerifyResult>;
  /** Queues how a verified call ended (sent in batches). Never throws; failures go to onError. */
  report(report: ReportInput): void;
  /** Sends the queued reports now. */
  flush(): Promise<void>;
  /** Sends the queued reports and stops the timer: call it when your service shuts down. */
  close(): Promise<void>;
  /** Sends reports at once, unqueued, and answers what Latchkey did with each. Throws LatchkeyError. */
  sendReports(reports: ReportInput[]): Promise<{ eventId: string; result: ReportResult }[]>;
  /** Reports waiting in the queue. */
  readonly pendingReports: number;
}

const MALFORMED = { valid: false, code: "malformed", keyId: null, accountId: null, expiresAt: null, eventId: null } as const;
const NOT_JSON = Symbol("not JSON");

/** The timeout firing, while waiting for the answer or while reading it. */
function isAbort(error: unknown) {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

export function createLatchkey(options: LatchkeyOptions): Latchkey {
  checkOptions(options);
  const base = `${options.baseUrl.replace(/\/+$/, "")}/api/v1`;
  const timeoutMs = options.timeoutMs ?? 5000;
  // Called as a method of globalThis: a browser's or a worker's fetch throws "Illegal invocation" when called bare.
  const fetchFn: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const cache = options.cache ? new VerifyCache(options.cache) : undefined;

  async function post(path: string, body: unknown): Promise<unknown> {
    let response: Response;
    let parsed: unknown;
    try {
      response = await fetchFn(`${base}${path}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${options.platformKey}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // A proxy's HTML error page is no envelope, but its status still says what happened.
      parsed = await response.json().catch((error: unknown) => (isAbort(error) ? Promise.reject(error) : NOT_JSON));
    } catch (error) {
      const message = isAbort(error) ? `Latchkey did not answer within ${timeoutMs} ms.` : "Latchkey could not be reached.";
      throw new LatchkeyError("unavailable", message, { cause: error });
    }
    if (response.ok && parsed === NOT_JSON)
      throw new LatchkeyError("invalid_response", "Latchkey's answer was not JSON.", { status: 200 });
    if (response.ok) return parsed;
    throw errorFor(response, isErrorEnvelope(parsed) ? parsed : undefined);
  }

  async function sendReports(reports: ReportInput[]) {
    const answer = await post("/verify/reports", { reports });
    if (!isReportAnswer(answer)) throw new LatchkeyError("invalid_response", "Latchkey's answer to a report was not understood.");
    return answer.results;
  }

  const queue = new ReportQueue({
    ...options.reports,
    send: async (batch) => void (await sendReports(batch)),
    onError: options.onError,
  });

  return {
    async verify(input) {
      if (typeof input.key !== "string" || !isWellFormedKey(input.key, options.keyPrefix)) {
        return { ...MALFORMED, scopes: [], rateLimit: { limit: null, remaining: null, reset: null } };
      }
      const cached = cache?.get(input);
      if (cached) return cached;
      const sentAt = Date.now();
      const answer = await post("/verify", verifyBody(input));
      if (!isVerifyResult(answer)) throw new LatchkeyError("invalid_response", "Latchkey's answer to verify was not understood.");
      const result: VerifyResult = { ...answer, eventId: answer.eventId ?? null };
      cache?.set(input, result, sentAt);
      return result;
    },
    report: (report) => queue.add(report),
    flush: () => queue.flush(),
    close: () => queue.close(),
    sendReports,
    get pendingReports() {
      return queue.size;
    },
  };
}

/** A mistake in the configuration fails at start-up, not on the first request. */
function checkOptions({ baseUrl, platformKey, timeoutMs }: LatchkeyOptions) {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new TypeError(`baseUrl must be an http(s) URL, such as https://keys.example.com (got ${JSON.stringify(baseUrl)}).`);
  }
  if (typeof platformKey !== "string" || platformKey.trim() === "") {
    throw new TypeError("platformKey is missing: give a key holding keys:verify (npm run key:create, see the README).");
  }
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new RangeError(`timeoutMs must be a positive number of milliseconds (got ${timeoutMs}).`);
  }
}

/** Only the fields given: an empty tag list or scope list is left out rather than sent. */
function verifyBody({ key, scopes, ip, method, path, tags }: VerifyInput) {
  return {
    key,
    ...(scopes?.length && { scopes }),
    ...(ip && { ip }),
    ...(method && { method }),
    ...(path && { path }),
    ...(tags?.length && { tags }),
  };
}

function errorFor(response: Response, envelope: ErrorEnvelope | undefined): LatchkeyError {
  const { status } = response;
  const retryAfterHeader = Number(response.headers.get("retry-after"));
  const details = {
    status,
    code: envelope?.error.code,
    retryAfter: Number.isFinite(retryAfterHeader) && retryAfterHeader > 0 ? retryAfterHeader : undefined,
    fields: envelope?.error.details,
  };
  const said = envelope ? `: ${envelope.error.message}` : "";
  if (status === 401 || status === 403) {
    return new LatchkeyError(
      "platform_key",
      `Latchkey refused the platform key (${status}${said}); it needs keys:verify.`,
      details,
    );
  }
  if (status === 429) return new LatchkeyError("rate_limited", `The platform key's rate limit is used up${said}.`, details);
  if (status >= 500) return new LatchkeyError("unavailable", `Latchkey answered ${status}${said}.`, details);
  return new LatchkeyError("bad_request", `Latchkey refused the request (${status}${said}).`, details);
}
