import { describe, expect, it } from "vitest";
import { newTotpSecret } from "./totp";
import { openTotpSecret, sealTotpSecret } from "./totp-secret";

// Without TWO_FACTOR_SECRETS_KEY the key is derived from AUTH_SECRET; a fixed one here keeps the test off the disk.
process.env.AUTH_SECRET = "b".repeat(43);

const USER = "0193a4f2-7c1e-7d3a-9b2f-3c4d5e6f7a8b";
const OTHER = "0193a4f2-7c1e-7d3a-9b2f-3c4d5e6f7a8c";

describe("sealed TOTP secrets", () => {
  it("open again for the user they were sealed for only, and never hold the secret in the clear", () => {
    const secret = newTotpSecret();
    const sealed = sealTotpSecret(secret, USER);
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain(secret.slice(0, 12));
    expect(sealTotpSecret(secret, USER)).not.toBe(sealed);
    expect(openTotpSecret(sealed, USER)).toBe(secret);
    expect(() => openTotpSecret(sealed, OTHER)).toThrow();
  });

  it("refuse a tampered or unknown ciphertext", () => {
    const sealed = sealTotpSecret(newTotpSecret(), USER);
    const body = Buffer.from(sealed.slice(3), "base64");
    body[body.length - 1] ^= 1;
    expect(() => openTotpSecret(`v1:${body.toString("base64")}`, USER)).toThrow();
    expect(() => openTotpSecret(`v2:${sealed.slice(3)}`, USER)).toThrow();
  });

  it("are sealed under a key of their own, not the webhook secrets' key", async () => {
    const { openSecret } = await import("@/lib/webhooks/secret-box");
    const sealed = sealTotpSecret(newTotpSecret(), USER);
    expect(() => openSecret(sealed, USER)).toThrow();
  });
});
