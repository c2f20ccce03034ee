// The key format (README, "Keys"): <prefix>_<live|test>_<32 base62 characters><6-character checksum>, the checksum
// being the CRC32 of everything before it in fixed-width base62. Checking it here refuses a mistyped or made-up key
// without a call to Latchkey, exactly as the server would (lib/keys/format.ts): the server answers such a key
// "malformed" and records nothing, so nothing is lost by not asking.
//
// CRC32 is written out (a 256-entry table, the standard reflected polynomial 0xEDB88320) rather than taken from
// node:zlib: zlib.crc32 only exists from Node 20.15 / 22.2, and this package also runs where there is no node:zlib
// at all (the Next.js edge runtime, Deno, Bun). The tests check it against zlib.crc32.

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CHECKSUM_LENGTH = 6;
const MAX_KEY_LENGTH = 64;
const KEY_PATTERN = /^([a-z][a-z0-9]{1,9})_(live|test)_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let bit = 0; bit < 8; bit++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC32 (as zlib, PNG, gzip compute it) of the text's UTF-8 bytes, as an unsigned 32-bit number. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The checksum of a key's head: its CRC32 in base62, padded with "0" to six characters. */
export function keyChecksum(head: string): string {
  let value = crc32(head);
  let digits = "";
  while (value > 0) {
    digits = BASE62[value % 62] + digits;
    value = Math.floor(value / 62);
  }
  return digits.padStart(CHECKSUM_LENGTH, "0");
}

/**
 * Whether `candidate` is shaped like a Latchkey key and its checksum matches. With `prefix`, the key must also carry
 * that prefix (your deployment's KEY_PREFIX); without it any prefix of the format is accepted.
 */
export function isWellFormedKey(candidate: string, prefix?: string): boolean {
  if (candidate.length > MAX_KEY_LENGTH) return false;
  const match = KEY_PATTERN.exec(candidate);
  if (!match) return false;
  const [, keyPrefix, environment, random, sum] = match;
  if (prefix !== undefined && keyPrefix !== prefix) return false;
  return keyChecksum(`${keyPrefix}_${environment}_${random}`) === sum;
}
