import "server-only";
import { hkdfSync } from "node:crypto";
import { authSecret } from "@/lib/auth/secret";
import { env } from "@/lib/infra/env";
import { openWith, sealWith } from "@/lib/infra/sealed-box";

// TOTP secrets at rest: checking a code needs the secret itself, so it is sealed (AES-256-GCM, the primitive webhook
// secrets use) under TWO_FACTOR_SECRETS_KEY, or, unset, a key derived from AUTH_SECRET with HKDF under a label of its
// own. The user's id is the additional data: a sealed secret copied onto another person does not open.

const VERSION = "v1";
let cachedKey: { source: string; key: Buffer } | undefined;

function encryptionKey(): Buffer {
  const configured = env().TWO_FACTOR_SECRETS_KEY;
  const source = configured ? `configured:${configured}` : `auth:${authSecret()}`;
  if (cachedKey?.source !== source) {
    const key = configured
      ? Buffer.from(configured, "base64")
      : Buffer.from(hkdfSync("sha256", authSecret(), "latchkey", "two-factor-secrets v1", 32));
    cachedKey = { source, key };
  }
  return cachedKey.key;
}

export function sealTotpSecret(secret: string, userId: string): string {
  return `${VERSION}:${sealWith(encryptionKey(), secret, userId)}`;
}

export function openTotpSecret(sealed: string, userId: string): string {
  const [version, body] = sealed.split(":", 2);
  if (version !== VERSION || !body) throw new Error("unknown two-factor secret format");
  return openWith(encryptionKey(), body, userId);
}
