import { MAX_KEY_LENGTH } from "@/lib/keys/format";

export type KeyHeaderResult = { kind: "key"; key: string } | { kind: "missing" } | { kind: "conflict" } | { kind: "malformed" };

// Generous enough for any real key plus "Bearer ", short enough that no work is done on a huge header.
const MAX_HEADER_LENGTH = MAX_KEY_LENGTH + 16;

/**
 * Reads the key from `Authorization: Bearer <key>` or `X-API-Key: <key>`. The query string is never read: URLs end
 * up in logs and browser history. Two different keys in one request are refused rather than guessed between.
 */
export function readKeyFromHeaders(headers: Headers): KeyHeaderResult {
  const authorization = headers.get("authorization");
  const apiKeyHeader = headers.get("x-api-key");
  if (authorization === null && apiKeyHeader === null) return { kind: "missing" };
  if ((authorization?.length ?? 0) > MAX_HEADER_LENGTH || (apiKeyHeader?.length ?? 0) > MAX_HEADER_LENGTH) {
    return { kind: "malformed" };
  }
  let fromAuthorization: string | undefined;
  if (authorization !== null) {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    if (!match) return { kind: "malformed" };
    fromAuthorization = match[1];
  }
  const fromApiKey = apiKeyHeader?.trim() || undefined;
  if (fromAuthorization && fromApiKey && fromAuthorization !== fromApiKey) return { kind: "conflict" };
  const key = fromAuthorization ?? fromApiKey;
  return key ? { kind: "key", key } : { kind: "missing" };
}
