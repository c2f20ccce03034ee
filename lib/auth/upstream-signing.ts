import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

// How an upstream behind the gateway knows a call came through Latchkey and for which key. Latchkey adds identity
// headers and an HMAC-SHA256 over them, a timestamp, a request id and the request line, keyed with the service's
// signing secret. The secret is never stored: it is derived (HKDF-SHA256) from AUTH_SECRET, the service's id and the
// secret's version, so the database alone does not give it away, and rotating is bumping the version. (Changing
// AUTH_SECRET therefore changes every service's secret.) The README's verification snippet does what
// verifyUpstreamSignature does; tests/integration/gateway/gateway.forward.test.ts runs that snippet against the gateway's signatures.

export const IDENTITY_HEADERS = {
  keyId: "x-latchkey-key-id",
  accountId: "x-latchkey-account-id",
  environment: "x-latchkey-key-environment",
  scopes: "x-latchkey-scopes",
  requestId: "x-latchkey-request-id",
  timestamp: "x-latchkey-timestamp",
  signature: "x-latchkey-signature",
} as const;

/**
 * The account id under the name it had before accounts (the key's owner), sent as well for one release so that an
 * upstream still reading it keeps working; the signature covers the value, whichever name it is read under.
 */
export const DEPRECATED_ACCOUNT_HEADER = "x-latchkey-owner-id";

/** Every header Latchkey sends an upstream starts with this; a client's own are removed before forwarding. */
export const IDENTITY_HEADER_PREFIX = "x-latchkey-";

/** How far an upstream should accept a signature's timestamp from its own clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = "lkgw_";

// Derived secrets by AUTH_SECRET, service and version: every gateway call signs, and HKDF is the costliest step of it
// (about 0.1 ms); a rotation is a new version, so nothing here ever goes stale.
const derived = new Map<string, string>();
const MAX_DERIVED = 1_000;

export function deriveSigningSecret(authSecret: string, serviceId: string, version: number): string {
  const info = `service:${serviceId}:v${version}`;
  const id = `${authSecret}\u0000${info}`;
  let secret = derived.get(id);
  if (secret === undefined) {
    const bytes = hkdfSync("sha256", authSecret, "latchkey gateway signing secret", info, 32);
    secret = SECRET_PREFIX + Buffer.from(bytes).toString("base64url");
    if (derived.size >= MAX_DERIVED) derived.clear();
    derived.set(id, secret);
  }
  return secret;
}

export interface SignedIdentity {
  keyId: string;
  accountId: string;
  environment: string;
  /** The key's scopes, sorted, joined by single spaces. */
  scopes: string;
  requestId: string;
  /** Unix seconds. */
  timestamp: string;
}

/** The exact text signed: a version, the identity, and the request line as the upstream receives it. */
export function signatureBase(identity: SignedIdentity, method: string, target: string): string {
  return [
    "v1",
    identity.timestamp,
    identity.requestId,
    method.toUpperCase(),
    target,
    identity.keyId,
    identity.accountId,
    identity.environment,
    identity.scopes,
  ].join("\n");
}

/** `v1=<hex>` per secret, comma-separated: during a rotation's grace both the new and the old secret sign. */
export function signatureHeader(secrets: readonly string[], base: string): string {
  return secrets.map((secret) => `v1=${createHmac("sha256", secret).update(base).digest("hex")}`).join(",");
}

export type SignatureCheck =
  | { valid: true; identity: SignedIdentity }
  | { valid: false; reason: "missing" | "stale" | "mismatch" };

/** The upstream's side, for a node:http-shaped request (method, url as received, lower-case headers). */
export function verifyUpstreamSignature(
  request: { method: string; url: string; headers: Headers },
  secret: string,
  now = Date.now(),
): SignatureCheck {
  const header = (name: string) => request.headers.get(name) ?? "";
  const identity: SignedIdentity = {
    keyId: header(IDENTITY_HEADERS.keyId),
    accountId: header(IDENTITY_HEADERS.accountId),
    environment: header(IDENTITY_HEADERS.environment),
    scopes: header(IDENTITY_HEADERS.scopes),
    requestId: header(IDENTITY_HEADERS.requestId),
    timestamp: header(IDENTITY_HEADERS.timestamp),
  };
  const signature = header(IDENTITY_HEADERS.signature);
  if (!signature || !/^\d{1,12}$/.test(identity.timestamp)) return { valid: false, reason: "missing" };
  if (Math.abs(now / 1000 - Number(identity.timestamp)) > SIGNATURE_TOLERANCE_SECONDS) return { valid: false, reason: "stale" };
  const expected = createHmac("sha256", secret)
    .update(signatureBase(identity, request.method, request.url))
    .digest();
  const matches = signature.split(",").some((part) => {
    const [version, hex = ""] = part.trim().split("=");
    return version === "v1" && /^[0-9a-f]{64}$/.test(hex) && timingSafeEqual(Buffer.from(hex, "hex"), expected);
  });
  return matches ? { valid: true, identity } : { valid: false, reason: "mismatch" };
}
