import { describe, expect, it } from "vitest";

// GitHub's own example from the partner program's documentation (its Python validation sample): a key, a payload and
// GitHub's signature of it. If this verifies, we read GitHub's headers and signature encoding as GitHub writes them.
const DOCUMENTED_KEY_ID = "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a";
const DOCUMENTED_KEY = [
  "-----BEGIN PUBLIC KEY-----",
  "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9MJJHnMfn2+H4xL4YaPDA4RpJqUq",
  "kCmRCBnYERxZanmcpzQSXs1X/AljlKkbJ8qpVIW4clayyef9gWhFbNHWAA==",
  "-----END PUBLIC KEY-----",
].join("\n");
const DOCUMENTED_PAYLOAD = '[{"token":"some_token","type":"some_type","url":"some_url"}]';
const DOCUMENTED_SIGNATURE = "MEUCIQDKZokqnCjrRtw0tni+2Ltvl/uiMJ1EGumEsp1BsNr32AIgQY1YXD2nlj+XNfGK4rBfkMJ1JDOQcYXxa2sY8FNkrKc=";

process.env.GITHUB_SCANNING_KEYS = JSON.stringify({
  public_keys: [
    { key_identifier: DOCUMENTED_KEY_ID, key: DOCUMENTED_KEY, is_current: true },
    // Not a P-256 key: left out (logged), without making the others unusable.
    { key_identifier: "broken", key: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", is_current: false },
  ],
});
process.env.LOG_LEVEL = "silent";
const { signedByGithub } = await import("./github-signature");
const { githubScanningKeys } = await import("./github-keys");

function headers(keyId: string | null, signature: string | null) {
  const result = new Headers();
  if (keyId !== null) result.set("GITHUB-PUBLIC-KEY-IDENTIFIER", keyId);
  if (signature !== null) result.set("GITHUB-PUBLIC-KEY-SIGNATURE", signature);
  return result;
}

const body = (text: string) => new TextEncoder().encode(text);

describe("signedByGithub", () => {
  it("verifies GitHub's documented example", () => {
    expect(signedByGithub(body(DOCUMENTED_PAYLOAD), headers(DOCUMENTED_KEY_ID, DOCUMENTED_SIGNATURE))).toBe(true);
  });

  it("refuses any change to the body, the key identifier or the signature", () => {
    const changed = DOCUMENTED_PAYLOAD.replace("some_token", "some_tokem");
    expect(signedByGithub(body(changed), headers(DOCUMENTED_KEY_ID, DOCUMENTED_SIGNATURE))).toBe(false);
    expect(signedByGithub(body(`${DOCUMENTED_PAYLOAD} `), headers(DOCUMENTED_KEY_ID, DOCUMENTED_SIGNATURE))).toBe(false);
    expect(signedByGithub(body(DOCUMENTED_PAYLOAD), headers("unknown", DOCUMENTED_SIGNATURE))).toBe(false);
    expect(signedByGithub(body(DOCUMENTED_PAYLOAD), headers("broken", DOCUMENTED_SIGNATURE))).toBe(false);
    const flipped = `${DOCUMENTED_SIGNATURE.slice(0, 10)}A${DOCUMENTED_SIGNATURE.slice(11)}`;
    expect(signedByGithub(body(DOCUMENTED_PAYLOAD), headers(DOCUMENTED_KEY_ID, flipped))).toBe(false);
  });

  it("says no, without throwing, to missing and malformed headers", () => {
    expect(signedByGithub(body(DOCUMENTED_PAYLOAD), headers(null, DOCUMENTED_SIGNATURE))).toBe(false);
    expect(signedByGithub(body(DOCUMENTED_PAYLOAD), headers(DOCUMENTED_KEY_ID, null))).toBe(false);
    for (const signature of ["", "not base64!", "A".repeat(5000), "AAAA"]) {
      expect(signedByGithub(body(DOCUMENTED_PAYLOAD), headers(DOCUMENTED_KEY_ID, signature))).toBe(false);
    }
  });

  it("keeps only the usable keys", () => {
    expect([...githubScanningKeys().keys()]).toEqual([DOCUMENTED_KEY_ID]);
  });
});
