import { describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { newSigningSecret, openSecret, sealSecret } from "./secret-box";

// Without WEBHOOK_SECRETS_KEY the key is derived from AUTH_SECRET; a fixed one here keeps the test off the disk.
process.env.AUTH_SECRET = "a".repeat(43);

const ENDPOINT = "0193a4f2-7c1e-7d3a-9b2f-3c4d5e6f7a8b";
const OTHER = "0193a4f2-7c1e-7d3a-9b2f-3c4d5e6f7a8c";

describe("webhook signing secrets", () => {
  it("are Standard Webhooks secrets the reference library signs with", () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).sign("msg_1", new Date(), "{}")).toMatch(/^v1,/);
    expect(newSigningSecret()).not.toBe(secret);
  });

  it("open again only for the endpoint they were sealed for, and never hold the secret in the clear", () => {
    const secret = newSigningSecret();
    const sealed = sealSecret(secret, ENDPOINT);
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(sealSecret(secret, ENDPOINT)).not.toBe(sealed); // a fresh IV each time
    expect(openSecret(sealed, ENDPOINT)).toBe(secret);
    expect(() => openSecret(sealed, OTHER)).toThrow();
  });

  it("refuse a tampered or unknown ciphertext", () => {
    const sealed = sealSecret(newSigningSecret(), ENDPOINT);
    const raw = Buffer.from(sealed.slice(3), "base64");
    raw[raw.length - 1] ^= 1;
    expect(() => openSecret(`v1:${raw.toString("base64")}`, ENDPOINT)).toThrow();
    expect(() => openSecret("v2:abc", ENDPOINT)).toThrow("unknown webhook secret format");
  });
});
