import { crc32 } from "node:zlib";
import { base62 } from "./base62";

// Six base62 characters hold any 32-bit value (62^6 > 2^32), so the checksum always has this width.
export const CHECKSUM_LENGTH = 6;

/** CRC32 of the text, in fixed-width base62: the last characters of a key, as in GitHub's token format. */
export function checksum(text: string): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc32(text) >>> 0);
  // base-x writes one "0" per leading zero byte; strip them and pad so the width never varies.
  return base62.encode(bytes).replace(/^0+/, "").padStart(CHECKSUM_LENGTH, "0");
}
