import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// AES-256-GCM with a fresh 12-byte IV per seal and the caller's additional data bound in, for secrets that must be
// read back (a webhook's signing secret, a TOTP secret): iv | tag | ciphertext, in base64. Each caller owns its key
// and its format's version prefix; this is only the primitive they share.

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealWith(key: Buffer, plaintext: string, additionalData: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(additionalData));
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64");
}

/** The plaintext again; throws when the key differs or the ciphertext or its additional data were changed (GCM's tag). */
export function openWith(key: Buffer, sealed: string, additionalData: string): string {
  const raw = Buffer.from(sealed, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(additionalData));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}
