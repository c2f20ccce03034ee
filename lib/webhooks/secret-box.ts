import "server-only";
import { hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/auth/secret";
import { env } from "@/lib/infra/env";
import { openWith, sealWith } from "@/lib/infra/sealed-box";

// Webhook signing secrets at rest. Signing (HMAC) needs the secret itself, so unlike a key it cannot be kept as a
// hash: it is encrypted with AES-256-GCM under WEBHOOK_SECRETS_KEY, or, unset, a key derived from AUTH_SECRET with
// HKDF (stable across restarts; rotating AUTH_SECRET then makes stored secrets unreadable, so a deployment sets its
// own key). The endpoint's id is the additional data: a ciphertext copied onto another endpoint does not open.

const VERSION = "v1";
// Standard Webhooks: `whsec_` and 24 to 64 random bytes in base64.
const SECRET_BYTES = 32;

let cachedKey: { source: string; key: Buffer } | undefined;

function encryptionKey(): Buffer {
  const configured = env().WEBHOOK_SECRETS_KEY;
  const source = configured ? `configured:${configured}` : `auth:${authSecret()}`;
  if (cachedKey?.source !== source) {
    const key = configured
      ? Buffer.from(configured, "base64")
      : Buffer.from(hkdfSync("sha256", authSecret(), "latchkey", "webhook-signing-secrets v1", 32));
    cachedKey = { source, key };
  }
  return cachedKey.key;
}

/** A new signing secret, as receivers configure it. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString("base64")}`;
}

export function sealSecret(secret: string, endpointId: string): string {
  return `${VERSION}:${sealWith(encryptionKey(), secret, endpointId)}`;
}

/** The secret again; throws when the key has changed or the ciphertext was tampered with (GCM's tag). */
export function openSecret(ciphertext: string, endpointId: string): string {
  const [version, body] = ciphertext.split(":", 2);
  if (version !== VERSION || !body) throw new Error("unknown webhook secret format");
  return openWith(encryptionKey(), body, endpointId);
}
