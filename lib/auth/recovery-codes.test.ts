import { describe, expect, it } from "vitest";
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode, RECOVERY_CODE_COUNT } from "./recovery-codes";

describe("recovery codes", () => {
  it("are ten different codes shaped xxxx-xxxx-xxxx, without look-alike characters", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
  });

  it("hash the same however they are typed, and differently from each other", () => {
    const [code, other] = newRecoveryCodes(2);
    const hash = hashRecoveryCode(code, "user-1");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(` ${code.toUpperCase().replaceAll("-", " ")} `, "user-1")).toBe(hash);
    expect(hashRecoveryCode(other, "user-1")).not.toBe(hash);
    // The same code is another hash for another person.
    expect(hashRecoveryCode(code, "user-2")).not.toBe(hash);
  });

  it("refuse what cannot be a code (a TOTP code, a typo'd length, a look-alike)", () => {
    expect(normaliseRecoveryCode("123456")).toBeNull();
    expect(normaliseRecoveryCode("abcd-efgh-jkm")).toBeNull();
    expect(normaliseRecoveryCode("abcd-efgh-jk10")).toBeNull();
    expect(hashRecoveryCode("", "user-1")).toBeNull();
  });
});
