import { crc32 as zlibCrc32 } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crc32, isWellFormedKey, keyChecksum } from "./key-format";

// Made by the server's generateKey (lib/keys/format.ts); keys of no deployment.
const SERVER_KEYS = [
  "lk_live_yVBQ4lwWx3wpnaGvNHTmgC6AqPVUYmIp0mGqMI",
  "lk_test_5pKSIX0byoSJmQ4PqD0RUKebcBtQqYVL23MyLG",
  "acme_live_dyPV8jhRx3YzTtAyYmgWREohG9nqfdWb1gotqm",
  "lk_live_0d0HEApcgpBDB9d1G5DBq9jqkcRX0IK74TiJCL",
];

describe("crc32", () => {
  it("is zlib's CRC32", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (text) => crc32(text) === zlibCrc32(text) >>> 0));
    expect(crc32("")).toBe(0);
    expect(crc32("123456789")).toBe(0xcbf43926);
  });
});

describe("isWellFormedKey", () => {
  it("accepts keys the server made, of any prefix, or of the prefix asked for", () => {
    for (const key of SERVER_KEYS) expect(isWellFormedKey(key)).toBe(true);
    expect(isWellFormedKey(SERVER_KEYS[0], "lk")).toBe(true);
    expect(isWellFormedKey(SERVER_KEYS[2], "acme")).toBe(true);
  });

  it("refuses another prefix than the one asked for", () => {
    expect(isWellFormedKey(SERVER_KEYS[2], "lk")).toBe(false);
  });

  it("refuses a key with one character changed, anywhere", () => {
    const key = SERVER_KEYS[0];
    for (let i = 8; i < key.length; i++) {
      const swapped = key[i] === "a" ? "b" : "a";
      expect(isWellFormedKey(key.slice(0, i) + swapped + key.slice(i + 1)), `position ${i}`).toBe(false);
    }
  });

  it("refuses what is not shaped like a key", () => {
    for (const candidate of [
      "",
      "lk_live_",
      `${SERVER_KEYS[0]}x`,
      ` ${SERVER_KEYS[0]}`,
      "lk_prod_yVBQ4lwWx3wpnaGvNHTmgC6AqPVUYmIp0mGqMI",
    ]) {
      expect(isWellFormedKey(candidate), candidate).toBe(false);
    }
    expect(isWellFormedKey("a".repeat(10_000))).toBe(false);
  });

  it("pads short checksums with zeros, as the server does", () => {
    // A CRC of 0 is "000000"; small values keep their leading zeros.
    expect(keyChecksum("")).toBe("000000");
    expect(keyChecksum("a")).toMatch(/^[0-9A-Za-z]{6}$/);
  });
});
