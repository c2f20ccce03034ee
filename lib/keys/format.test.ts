import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BASE62_ALPHABET } from "./base62";
import { CHECKSUM_LENGTH } from "./checksum";
import { MAX_KEY_LENGTH, RANDOM_LENGTH, VISIBLE_RANDOM_CHARS, generateKey, parseKey, scannerPattern } from "./format";

const KEY_SHAPE = /^lk_(live|test)_[0-9A-Za-z]{38}$/;

/** Every key that differs from the given one in exactly one character of its random part or checksum. */
function singleCharacterTypos(secret: string): string[] {
  const typos: string[] = [];
  for (let i = secret.length - RANDOM_LENGTH - CHECKSUM_LENGTH; i < secret.length; i++) {
    for (const replacement of BASE62_ALPHABET) {
      if (replacement !== secret[i]) typos.push(secret.slice(0, i) + replacement + secret.slice(i + 1));
    }
  }
  return typos;
}

describe("generateKey", () => {
  it.each(["live", "test"] as const)(
    "makes a %s key of prefix, environment, 32 random characters and a checksum",
    (environment) => {
      const { secret } = generateKey("lk", environment);
      expect(secret).toMatch(KEY_SHAPE);
      expect(secret.startsWith(`lk_${environment}_`)).toBe(true);
      expect(secret).toHaveLength(`lk_${environment}_`.length + RANDOM_LENGTH + CHECKSUM_LENGTH);
      expect(secret.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    },
  );

  it("shows the prefix, the environment and four random characters as the start, a prefix of the secret", () => {
    const { secret, start } = generateKey("acme", "test");
    expect(start).toHaveLength("acme_test_".length + VISIBLE_RANDOM_CHARS);
    expect(start).toMatch(/^acme_test_[0-9A-Za-z]{4}$/);
    expect(secret.startsWith(start)).toBe(true);
  });

  it("makes 1000 distinct keys that all parse", () => {
    const keys = Array.from({ length: 1000 }, () => generateKey("lk", "live"));
    expect(new Set(keys.map((k) => k.secret)).size).toBe(1000);
    for (const { secret } of keys) expect(parseKey(secret, "lk")).toEqual({ prefix: "lk", environment: "live" });
  });
});

describe("parseKey", () => {
  const { secret } = generateKey("lk", "live");

  it("accepts a key of this deployment and reports its environment", () => {
    expect(parseKey(secret, "lk")).toEqual({ prefix: "lk", environment: "live" });
    expect(parseKey(generateKey("lk", "test").secret, "lk")).toEqual({ prefix: "lk", environment: "test" });
  });

  it("rejects every single-character change to the random part or the checksum", () => {
    const typos = singleCharacterTypos(secret);
    expect(typos).toHaveLength((RANDOM_LENGTH + CHECKSUM_LENGTH) * 61);
    expect(typos.filter((typo) => parseKey(typo, "lk") !== null)).toEqual([]);
  });

  it("rejects a key whose environment was changed, since the checksum covers it", () => {
    expect(parseKey(secret.replace("_live_", "_test_"), "lk")).toBeNull();
  });

  it("rejects a well-formed key with another prefix", () => {
    const other = generateKey("ab", "live").secret;
    expect(parseKey(other, "ab")).not.toBeNull();
    expect(parseKey(other, "lk")).toBeNull();
  });

  it("rejects keys that are too long, however they end", () => {
    expect(parseKey(`${secret}a`, "lk")).toBeNull();
    expect(parseKey(secret + "x".repeat(MAX_KEY_LENGTH), "lk")).toBeNull();
    expect(parseKey(`lk_live_${"a".repeat(1_000_000)}`, "lk")).toBeNull();
  });

  it.each([
    ["empty", ""],
    ["truncated", "lk_live_abc"],
    ["missing checksum", `lk_live_${"a".repeat(RANDOM_LENGTH)}`],
    ["unknown environment", `lk_prod_${"a".repeat(38)}`],
    ["non-base62 character", `lk_live_${"a".repeat(37)}-`],
    ["surrounding whitespace", ` lk_live_${"a".repeat(38)}`],
  ])("rejects a %s key", (_label, candidate) => {
    expect(parseKey(candidate, "lk")).toBeNull();
  });

  it("accepts the key only as written, not with a trailing newline", () => {
    expect(parseKey(`${secret}\n`, "lk")).toBeNull();
  });
});

describe("scannerPattern: the key pattern the README publishes for secret scanners", () => {
  const published = (() => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const match = /Key pattern for scanners[\s\S]*?```\n(.+)\n```/.exec(readme);
    if (!match) throw new Error("the README publishes no key pattern for scanners");
    return match[1];
  })();

  it("is the pattern of the default prefix, as the README shows it", () => {
    expect(published).toBe(scannerPattern("lk"));
  });

  it("finds every generated key inside surrounding text, whole, and nothing of a key of another shape", () => {
    const pattern = new RegExp(published, "g");
    for (let i = 0; i < 500; i++) {
      const { secret } = generateKey("lk", i % 2 === 0 ? "live" : "test");
      const text = `API_KEY="${secret}"\nother=lk_live_short ${secret}x`;
      expect([...text.matchAll(pattern)].map((found) => found[0])).toEqual([secret]);
    }
    expect(new RegExp(scannerPattern("acme")).test(generateKey("acme", "live").secret)).toBe(true);
    expect(new RegExp(published).test(generateKey("acme", "live").secret)).toBe(false);
  });
});
