import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/auth/secret";
import { env } from "@/lib/infra/env";

// Webhook signing secrets at rest. Signing (HMAC) needs the secret itself, so unlike a key it cannot be kept as a
// hash: it is encrypted with AES-256-GCM under WEBHOOK_SECRETS_KEY, or, unset, a key derived from AUTH_SECRET with
// HKDF (stable across restarts; rotating AUTH_SECRET then makes stored secrets unreadable, so a deployment sets its
// own key). The endpoint's id is the additional data: a ciphertext copied onto another endpoint does not open.

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
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
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  cipher.setAAD(Buffer.from(endpointId));
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64")}`;
}

/** The secret again; throws when the key has changed or the ciphertext was tampered with (GCM's tag). */
export function openSecret(ciphertext: string, endpointId: string): string {
  const [version, body] = ciphertext.split(":", 2);
  if (version !== VERSION || !body) throw new Error("unknown webhook secret format");
  const raw = Buffer.from(body, "base64");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(endpointId));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}
