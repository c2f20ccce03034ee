import { MAX_KEY_LENGTH } from "@/lib/keys/format";

export type KeyHeaderResult = { kind: "key"; key: string } | { kind: "missing" } | { kind: "conflict" } | { kind: "malformed" };

// Generous enough for any real key plus "Bearer ", short enough that no work is done on a huge header.
const MAX_HEADER_LENGTH = MAX_KEY_LENGTH + 16;

/**
 * Set to "1" by server.mjs when the raw request carried Authorization or X-API-Key more than once; anything a client
 * sent under this name is removed there. Node keeps only the first of two Authorization headers, so after its parsing
 * nothing else would show that a second credential was sent. Keep in step with server.mjs.
 */
export const DUPLICATE_CREDENTIALS_HEADER = "x-latchkey-duplicate-credentials";

/**
 * Reads the key from `Authorization: Bearer <key>` or `X-API-Key: <key>`. The query string is never read: URLs end
 * up in logs and browser history. Anything ambiguous is refused rather than guessed between: a credential header sent
 * twice, or both headers sent with anything but the same key in each.
 */
export function readKeyFromHeaders(headers: Headers): KeyHeaderResult {
  const authorization = headers.get("authorization");
  const apiKeyHeader = headers.get("x-api-key");
  if (authorization === null && apiKeyHeader === null) return { kind: "missing" };
  // Node joins repeated X-API-Key headers with ", ", which no key contains.
  if (headers.get(DUPLICATE_CREDENTIALS_HEADER) === "1" || apiKeyHeader?.includes(",")) return { kind: "conflict" };
  if ((authorization?.length ?? 0) > MAX_HEADER_LENGTH || (apiKeyHeader?.length ?? 0) > MAX_HEADER_LENGTH) {
    return { kind: "malformed" };
  }
  const fromAuthorization = authorization === null ? undefined : /^Bearer[ ]+(\S+)\s*$/i.exec(authorization)?.[1];
  const fromApiKey = apiKeyHeader?.trim() || undefined;
  if (authorization !== null && apiKeyHeader !== null) {
    return fromAuthorization && fromAuthorization === fromApiKey ? { kind: "key", key: fromAuthorization } : { kind: "conflict" };
  }
  if (authorization !== null && !fromAuthorization) return { kind: "malformed" };
  const key = fromAuthorization ?? fromApiKey;
  return key ? { kind: "key", key } : { kind: "missing" };
}
