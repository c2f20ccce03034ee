import { isLatchkeyError } from "./errors.js";
import type { Latchkey } from "./client.js";
import { VERIFIED_CALL_METHODS, type VerifiedCallMethod, type VerifiedKey, type VerifyResult } from "./types.js";

// What the Next.js and Express middleware share: reading the presented key, deciding the answer to a refused call in
// Latchkey's own error envelope and headers, and reporting how an accepted call ended. Framework-free: each adapter
// hands it header values and writes the answer its own way.

export interface GuardOptions {
  /** Scopes the route needs. */
  scopes?: readonly string[];
  /** Labels recorded with each call (at most 10, 128 characters each). */
  tags?: readonly string[];
  /** Report each accepted call's status and latency (default true). */
  report?: boolean;
  /** Called when Latchkey could not be asked (the call was answered 503), usually with a LatchkeyError; log it here. */
  onError?(error: unknown): void;
}

/** An answer to a refused call: status, Latchkey's envelope and headers. */
export interface Refusal {
  status: number;
  body: { error: { code: string; message: string } };
  headers: Record<string, string>;
}

export type PresentedKey = { kind: "key"; key: string } | { kind: "missing" } | { kind: "conflict" } | { kind: "malformed" };

// Longer than any key plus "Bearer ": nothing is done with a huge header.
const MAX_HEADER_LENGTH = 80;

/**
 * The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`, as Latchkey's own API reads it: never from the
 * URL, and a credential sent twice, or both headers with different keys, is refused rather than guessed between.
 */
export function readPresentedKey(authorization: string | null | undefined, apiKey: string | null | undefined): PresentedKey {
  const auth = authorization ?? null;
  const header = apiKey ?? null;
  if (auth === null && header === null) return { kind: "missing" };
  // Node joins a repeated X-API-Key with ", ", which no key contains.
  if (header?.includes(",")) return { kind: "conflict" };
  if ((auth?.length ?? 0) > MAX_HEADER_LENGTH || (header?.length ?? 0) > MAX_HEADER_LENGTH) return { kind: "malformed" };
  const fromAuthorization = auth === null ? undefined : /^Bearer[ ]+(\S+)\s*$/i.exec(auth)?.[1];
  const fromApiKey = header?.trim() || undefined;
  if (auth !== null && header !== null) {
    return fromAuthorization && fromAuthorization === fromApiKey ? { kind: "key", key: fromAuthorization } : { kind: "conflict" };
  }
  if (auth !== null && !fromAuthorization) return { kind: "malformed" };
  const key = fromAuthorization ?? fromApiKey;
  return key ? { kind: "key", key } : { kind: "missing" };
}

const INVALID_KEY = "The API key is invalid, expired or revoked.";

function refusal(status: number, code: string, message: string, headers: Record<string, string> = {}): Refusal {
  return { status, body: { error: { code, message } }, headers: { "Cache-Control": "no-store", ...headers } };
}

/** The answer to a request whose credential headers could not be read (no verification is made for it). */
export function headerRefusal(presented: Exclude<PresentedKey, { kind: "key" }>): Refusal {
  if (presented.kind === "missing") {
    return refusal(401, "missing_key", "Send your API key in the Authorization: Bearer header or the X-API-Key header.", {
      "WWW-Authenticate": 'Bearer realm="api"',
    });
  }
  if (presented.kind === "conflict") {
    return refusal(
      400,
      "conflicting_keys",
      "Send one key, once: in the Authorization header or the X-API-Key header (both only with the same key).",
    );
  }
  return refusal(401, "invalid_key", INVALID_KEY, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
}

/** IETF RateLimit fields for the verified key's quota, as Latchkey's own API sends them; none when it has none. */
export function rateLimitHeaders({ rateLimit }: VerifyResult): Record<string, string> {
  if (rateLimit.limit === null || rateLimit.remaining === null || rateLimit.reset === null) return {};
  return { "RateLimit-Policy": `"key";q=${rateLimit.limit}`, RateLimit: `"key";r=${rateLimit.remaining};t=${rateLimit.reset}` };
}

/** The answer to a verification that refused the key: 401, 403 or 429, as Latchkey's own API would answer it. */
export function verificationRefusal(result: VerifyResult, requested: readonly string[] = []): Refusal {
  const limits = rateLimitHeaders(result);
  switch (result.code) {
    case "ip_not_allowed":
      return refusal(403, "ip_not_allowed", "This key may not be used from this address.", limits);
    case "insufficient_scope": {
      const missing = requested.find((scope) => !result.scopes.includes(scope));
      return refusal(403, "insufficient_scope", `This key lacks the "${missing ?? requested.join(", ")}" scope.`, limits);
    }
    case "rate_limited":
      return refusal(429, "rate_limited", "This key has made too many requests; try again later.", {
        ...limits,
        "Retry-After": String(Math.max(1, result.rateLimit.reset ?? 1)),
      });
    case "quota_exceeded": {
      // A total quota never refills: no Retry-After then, as Latchkey's own API answers.
      const reset = result.quota?.reset;
      return refusal(429, "quota_exceeded", "This key has used all of its quota.", {
        ...limits,
        ...(typeof reset === "number" && { "Retry-After": String(Math.max(1, reset)) }),
      });
    }
    default:
      return refusal(401, "invalid_key", INVALID_KEY, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
  }
}

/** Latchkey could not be asked: fail closed. Nothing unverified is ever let through. */
export function unavailableRefusal(error: unknown): Refusal {
  const retryAfter = isLatchkeyError(error) && error.retryAfter ? error.retryAfter : 5;
  return refusal(503, "service_unavailable", "The service is temporarily unavailable.", { "Retry-After": String(retryAfter) });
}

/** The method as Latchkey records it, or none when it is not one it records. */
export function verifiedMethod(method: string | undefined): VerifiedCallMethod | undefined {
  const upper = method?.toUpperCase();
  return (VERIFIED_CALL_METHODS as readonly string[]).includes(upper ?? "") ? (upper as VerifiedCallMethod) : undefined;
}

/** The path without its query, at most 512 characters (Latchkey's bound). */
export function verifiedPath(pathOrUrl: string): string {
  const path = pathOrUrl.split(/[?#]/, 1)[0] || "/";
  return (path.startsWith("/") ? path : `/${path}`).slice(0, 512);
}

export type VerifiedCall = { ok: true; key: VerifiedKey } | { ok: false; refusal: Refusal };

/** Verifies the presented key for a call; the refusal to answer with when it may not be made. */
export async function verifyCall(
  client: Latchkey,
  presented: PresentedKey,
  call: { method?: string; path: string; ip?: string },
  options: GuardOptions,
): Promise<VerifiedCall> {
  if (presented.kind !== "key") return { ok: false, refusal: headerRefusal(presented) };
  let result: VerifyResult;
  try {
    result = await client.verify({
      key: presented.key,
      scopes: options.scopes,
      ip: call.ip,
      method: verifiedMethod(call.method),
      path: verifiedPath(call.path),
      tags: options.tags,
    });
  } catch (error) {
    try {
      options.onError?.(error);
    } catch {
      // A failing logger must not turn a clean 503 into an unhandled error.
    }
    return { ok: false, refusal: unavailableRefusal(error) };
  }
  if (!result.valid) return { ok: false, refusal: verificationRefusal(result, options.scopes) };
  return { ok: true, key: result as VerifiedKey };
}

/** Reports how an accepted call ended, when Latchkey recorded an event for it. */
export function reportCall(client: Latchkey, key: VerifiedKey, status: number, startedAt: number, options: GuardOptions) {
  if (options.report === false || !key.eventId) return;
  client.report({ eventId: key.eventId, status, latencyMs: performance.now() - startedAt });
}
