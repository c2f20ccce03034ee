import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { acceptedTimeStep, newTotpSecret, normaliseTotpCode, totpUri } from "./totp";

const at = (seconds: number) => new Date(seconds * 1000);
const codeAt = (secret: string, seconds: number) => generate({ secret, epoch: seconds });
// Well inside a 30-second step, so that ±30 s lands in the neighbouring steps exactly.
const NOW = 1_796_320_455;

describe("TOTP", () => {
  it("accepts the current code and the ones 30 s either side, and nothing further", async () => {
    const secret = newTotpSecret();
    const step = Math.floor(NOW / 30);
    expect(await acceptedTimeStep(secret, await codeAt(secret, NOW), null, at(NOW))).toBe(step);
    expect(await acceptedTimeStep(secret, await codeAt(secret, NOW - 30), null, at(NOW))).toBe(step - 1);
    expect(await acceptedTimeStep(secret, await codeAt(secret, NOW + 30), null, at(NOW))).toBe(step + 1);
    expect(await acceptedTimeStep(secret, await codeAt(secret, NOW - 90), null, at(NOW))).toBeNull();
    expect(await acceptedTimeStep(secret, await codeAt(secret, NOW + 90), null, at(NOW))).toBeNull();
  });

  it("refuses a code replayed, or any code of a step at or before the last accepted one", async () => {
    const secret = newTotpSecret();
    const code = await codeAt(secret, NOW);
    const step = await acceptedTimeStep(secret, code, null, at(NOW));
    expect(step).not.toBeNull();
    expect(await acceptedTimeStep(secret, code, step, at(NOW))).toBeNull();
    expect(await acceptedTimeStep(secret, await codeAt(secret, NOW - 30), step, at(NOW))).toBeNull();
    // The next step's code is still good.
    expect(await acceptedTimeStep(secret, await codeAt(secret, NOW + 30), step, at(NOW + 30))).toBe((step as number) + 1);
  });

  it("refuses another secret's code and anything that is not six digits", async () => {
    const secret = newTotpSecret();
    expect(await acceptedTimeStep(secret, await codeAt(newTotpSecret(), NOW), null, at(NOW))).toBeNull();
    expect(await acceptedTimeStep(secret, "12345", null, at(NOW))).toBeNull();
    expect(await acceptedTimeStep(secret, "abcdef", null, at(NOW))).toBeNull();
    expect(normaliseTotpCode(" 123 456 ")).toBe("123456");
    expect(normaliseTotpCode("123-456")).toBe("123456");
    expect(normaliseTotpCode("1234567")).toBeNull();
  });

  it("makes 160-bit base32 secrets and the otpauth address apps read", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totpUri(secret, "ada@example.com"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("issuer")).toBe("Latchkey");
  });
});
