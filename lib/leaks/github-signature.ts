import "server-only";
import { verify } from "node:crypto";
import { githubScanningKeys } from "./github-keys";

export const KEY_IDENTIFIER_HEADER = "github-public-key-identifier";
export const SIGNATURE_HEADER = "github-public-key-signature";

// A DER-encoded P-256 signature is at most 72 bytes (96 in base64); anything far longer is not one.
const MAX_SIGNATURE_CHARS = 200;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Whether GitHub signed these exact bytes: the base64 DER ECDSA (P-256, SHA-256) signature in
 * Github-Public-Key-Signature, checked with the configured key that Github-Public-Key-Identifier names. An unknown
 * identifier, a missing header or a malformed signature is simply "no", never an error.
 */
export function signedByGithub(body: Uint8Array, headers: Headers): boolean {
  const keyId = headers.get(KEY_IDENTIFIER_HEADER);
  const signature = headers.get(SIGNATURE_HEADER)?.trim();
  if (!keyId || !signature || signature.length > MAX_SIGNATURE_CHARS || !BASE64.test(signature)) return false;
  const key = githubScanningKeys().get(keyId);
  if (!key) return false;
  try {
    return verify("sha256", body, { key, dsaEncoding: "der" }, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}
