import { createHash, randomInt } from "node:crypto";

// Recovery codes: for when the authenticator is lost. Each is 12 characters from an alphabet without look-alikes
// (about 60 bits), shown once as xxxx-xxxx-xxxx, stored as the SHA-256 of its person's id and the code (random and
// long enough, and sign-in is throttled, so a slow hash adds nothing; the id makes each person's hashes their own,
// so a copy of the table cannot be searched for every person's codes at once), and good once.

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 12;

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** What the person typed, as it was generated: lower case, without spaces or dashes; null when it cannot be one. */
export function normaliseRecoveryCode(code: string): string | null {
  const plain = code.replace(/[\s-]/g, "").toLowerCase();
  return plain.length === LENGTH && [...plain].every((char) => ALPHABET.includes(char)) ? plain : null;
}

export function hashRecoveryCode(code: string, userId: string): string | null {
  const plain = normaliseRecoveryCode(code);
  return plain && createHash("sha256").update(`${userId}:${plain}`).digest("hex");
}
