import { createHash, timingSafeEqual } from "node:crypto";

/** SHA-256 of a key, hex. Keys carry ~190 bits of entropy, so a fast unsalted hash is the right tool here. */
export function hashKey(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * Constant-time comparison of two strings of any lengths. Both sides are hashed first so that the
 * comparison always runs over 32 bytes: no early exit on length, and timingSafeEqual never throws.
 */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a, "utf8").digest();
  const right = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(left, right);
}
