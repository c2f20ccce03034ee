import { customAlphabet } from "nanoid";
import { BASE62_ALPHABET } from "./base62";
import { CHECKSUM_LENGTH, checksum } from "./checksum";
import { KEY_ENVIRONMENTS, type KeyEnvironment } from "./settings";

export { KEY_ENVIRONMENTS, type KeyEnvironment };

// 32 characters from a 62-letter alphabet: 32 × log2(62) ≈ 190 bits from the CSPRNG behind nanoid.
export const RANDOM_LENGTH = 32;
// Characters of the random part shown as the key's visible start: enough to tell keys apart, far too few to guess.
export const VISIBLE_RANDOM_CHARS = 4;
// No valid key is longer than this; anything longer is rejected before any work is done on it.
export const MAX_KEY_LENGTH = 64;

const randomPart = customAlphabet(BASE62_ALPHABET, RANDOM_LENGTH);
const KEY_PATTERN = new RegExp(
  `^([a-z][a-z0-9]{1,9})_(live|test)_([0-9A-Za-z]{${RANDOM_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`,
);

/**
 * The pattern secret scanners are given (GitHub's partner program, the README): a key of this deployment's prefix
 * anywhere in a text, bounded so that it is not part of a longer word. The checksum then tells a real key from a
 * look-alike without any lookup (parseKey).
 */
export function scannerPattern(prefix: string): string {
  return `\\b${prefix}_(?:live|test)_[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}\\b`;
}

export interface GeneratedKey {
  /** The whole secret: shown once, never stored. */
  secret: string;
  /** Prefix, environment and the first few random characters: safe to store and show. */
  start: string;
}

export function generateKey(prefix: string, environment: KeyEnvironment): GeneratedKey {
  const head = `${prefix}_${environment}_${randomPart()}`;
  return { secret: head + checksum(head), start: visibleStart(head) };
}

export interface ParsedKey {
  prefix: string;
  environment: KeyEnvironment;
}

/**
 * Checks shape, prefix and checksum without touching the database, so that malformed or mistyped keys
 * cost nothing. Returns null for anything that is not a well-formed key of this deployment.
 */
export function parseKey(candidate: string, expectedPrefix: string): ParsedKey | null {
  if (candidate.length > MAX_KEY_LENGTH) return null;
  const match = KEY_PATTERN.exec(candidate);
  if (!match) return null;
  const [, prefix, environment, random, sum] = match;
  if (prefix !== expectedPrefix) return null;
  // The checksum is derived from public data, so an ordinary comparison leaks nothing.
  if (checksum(`${prefix}_${environment}_${random}`) !== sum) return null;
  return { prefix, environment: environment as KeyEnvironment };
}

/**
 * The visible start of something presented as a key (prefix, environment, first random characters), the most of it
 * that may be logged; null when it is not shaped like a key at all, so that nothing of a stray secret is kept.
 */
export function presentedStart(candidate: string): string | null {
  if (candidate.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(candidate)) return null;
  return visibleStart(candidate.slice(0, candidate.length - CHECKSUM_LENGTH));
}

function visibleStart(head: string): string {
  const randomStart = head.length - RANDOM_LENGTH;
  return head.slice(0, randomStart + VISIBLE_RANDOM_CHARS);
}
