import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { envSchema } from "./env-schema.mjs";

const pem = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString();

describe("GITHUB_SCANNING_KEYS", () => {
  it("takes GitHub's document as published, or just its list", () => {
    const key = { key_identifier: "abc", key: pem, is_current: true };
    const document = envSchema.parse({ GITHUB_SCANNING_KEYS: JSON.stringify({ public_keys: [key] }) });
    expect(document.GITHUB_SCANNING_KEYS).toEqual([key]);
    const list = envSchema.parse({ GITHUB_SCANNING_KEYS: JSON.stringify([key]) });
    expect(list.GITHUB_SCANNING_KEYS).toEqual([key]);
    expect(envSchema.parse({}).GITHUB_SCANNING_KEYS).toBeUndefined();
  });

  it("names the problem of anything else", () => {
    for (const value of ["not json", "[]", '{"public_keys":[{"key_identifier":"a","key":"nope"}]}', '{"keys":[]}']) {
      const parsed = envSchema.safeParse({ GITHUB_SCANNING_KEYS: value });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0].path).toEqual(["GITHUB_SCANNING_KEYS"]);
    }
  });

  it("bounds the leak policy's settings", () => {
    expect(envSchema.parse({}).LEAK_POLICY).toBe("revoke");
    expect(envSchema.parse({}).LEAK_ROLL_GRACE_MINUTES).toBe(15);
    expect(envSchema.safeParse({ LEAK_POLICY: "delete" }).success).toBe(false);
    expect(envSchema.safeParse({ LEAK_ROLL_GRACE_MINUTES: "0" }).success).toBe(false);
    expect(envSchema.safeParse({ LEAK_REPORT_TOKEN: "short" }).success).toBe(false);
  });
});
