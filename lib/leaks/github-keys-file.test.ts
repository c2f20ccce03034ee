import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// GITHUB_SCANNING_KEYS_FILE: GitHub's document saved by the operator, read once when first needed.
const pem = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString();
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
const path = join(mkdtempSync(join(tmpdir(), "latchkey-keys-")), "secret_scanning.json");
writeFileSync(
  path,
  JSON.stringify({
    public_keys: [
      { key_identifier: "current", key: pem, is_current: true },
      { key_identifier: "rsa", key: rsa, is_current: false },
    ],
  }),
);
process.env.GITHUB_SCANNING_KEYS_FILE = path;
process.env.LOG_LEVEL = "silent";
const { githubScanningKeys } = await import("./github-keys");

describe("GITHUB_SCANNING_KEYS_FILE", () => {
  it("reads GitHub's document from the file, keeping only P-256 keys", () => {
    expect([...githubScanningKeys().keys()]).toEqual(["current"]);
  });
});
