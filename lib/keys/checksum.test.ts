import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BASE62_ALPHABET, base62 } from "./base62";
import { CHECKSUM_LENGTH, checksum } from "./checksum";

/** Reads a base62 checksum back as a number, independently of base-x. */
function decode(sum: string): number {
  return [...sum].reduce((value, char) => value * 62 + BASE62_ALPHABET.indexOf(char), 0);
}

describe("checksum", () => {
  it("is the CRC32 of the text in base62", () => {
    // 0xCBF43926 is the published CRC32 check value of "123456789".
    expect(decode(checksum("123456789"))).toBe(0xcbf43926);
    expect(checksum("123456789")).toHaveLength(CHECKSUM_LENGTH);
  });

  it("keeps six characters when the CRC has leading zero bytes", () => {
    let text = "";
    for (let i = 0; ; i++) {
      text = `probe-${i}`;
      if (crc32(text) < 2 ** 16) break;
    }
    const sum = checksum(text);
    expect(sum).toHaveLength(CHECKSUM_LENGTH);
    expect(sum.startsWith("0")).toBe(true);
    expect(decode(sum)).toBe(crc32(text));
  });

  it("always has six base62 characters", () => {
    for (let i = 0; i < 2000; i++) expect(checksum(`text-${i}`)).toMatch(/^[0-9A-Za-z]{6}$/);
  });

  it("differs when the text does", () => {
    expect(checksum("lk_live_a")).not.toBe(checksum("lk_live_b"));
  });
});

describe("base62", () => {
  it("round-trips bytes with the 0-9A-Za-z alphabet", () => {
    const bytes = Buffer.from([1, 2, 3, 250, 255]);
    const text = base62.encode(bytes);
    expect(text).toMatch(/^[0-9A-Za-z]+$/);
    expect(Buffer.from(base62.decode(text))).toEqual(bytes);
    expect(base62.encode(Buffer.from([61]))).toBe("z");
  });
});
