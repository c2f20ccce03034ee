import { describe, expect, it } from "vitest";
import { hashKey, safeEqual } from "./hash";

describe("hashKey", () => {
  it("is the SHA-256 of the key, in hex", () => {
    expect(hashKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes the text as UTF-8 and tells keys apart", () => {
    expect(hashKey("lk_live_a")).not.toBe(hashKey("lk_live_b"));
    expect(hashKey("\u00e9")).toBe("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
    expect(hashKey("\u00e9")).not.toBe(hashKey("e\u0301"));
  });
});

describe("safeEqual", () => {
  it("is true only for identical strings", () => {
    expect(safeEqual("lk_live_secret", "lk_live_secret")).toBe(true);
    expect(safeEqual("lk_live_secret", "lk_live_secreT")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
  });

  it.each([
    ["", "a"],
    ["short", "a much longer string than the first"],
    ["x".repeat(10_000), "x"],
    ["\u00e9", "e"],
  ])("returns false without throwing for different lengths (%#)", (a, b) => {
    expect(() => safeEqual(a, b)).not.toThrow();
    expect(safeEqual(a, b)).toBe(false);
    expect(safeEqual(b, a)).toBe(false);
  });
});
