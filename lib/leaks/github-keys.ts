import "server-only";
import { createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseScanningKeys } from "@/lib/infra/env-schema.mjs";
import { env } from "@/lib/infra/env";
import { logger } from "@/lib/infra/logger";

// GitHub's secret-scanning public keys, by identifier. The server may not reach api.github.com (and a key fetched on
// demand would let whoever answers for GitHub choose it), so the operator configures the list GitHub publishes:
// GITHUB_SCANNING_KEYS inline or GITHUB_SCANNING_KEYS_FILE. Read once per process; a key that is not a
// P-256 public key is left out (logged), so a bad entry cannot make every report fail.

let cached: Map<string, KeyObject> | undefined;

export function githubScanningKeys(): Map<string, KeyObject> {
  cached ??= loadKeys();
  return cached;
}

/** For tests that change the configured keys. */
export function forgetGithubScanningKeys(): void {
  cached = undefined;
}

function loadKeys(): Map<string, KeyObject> {
  const settings = env();
  const listed = settings.GITHUB_SCANNING_KEYS ?? fromFile(settings.GITHUB_SCANNING_KEYS_FILE);
  const keys = new Map<string, KeyObject>();
  for (const { key_identifier: id, key } of listed) {
    try {
      const publicKey = createPublicKey(key);
      if (publicKey.asymmetricKeyType !== "ec" || publicKey.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
        throw new Error("not an ECDSA P-256 key");
      }
      keys.set(id, publicKey);
    } catch (error) {
      logger.error({ keyIdentifier: id, err: error }, "a GitHub secret-scanning public key is not usable; left out");
    }
  }
  return keys;
}

function fromFile(path: string | undefined) {
  if (!path) return [];
  try {
    const parsed = parseScanningKeys(readFileSync(path, "utf8"));
    if (parsed.ok) return parsed.keys;
    logger.error({ path, problem: parsed.message }, "GITHUB_SCANNING_KEYS_FILE is not usable");
  } catch (error) {
    logger.error({ path, err: error }, "GITHUB_SCANNING_KEYS_FILE cannot be read");
  }
  return [];
}
