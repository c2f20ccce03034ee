import { generateKeyPairSync, sign } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKeySecrets, apiKeys, events, leakReports } from "@/db/schema";
import { hashKey } from "@/lib/keys/hash";

// What the leak report tests share: a P-256 key pair standing in for GitHub's, bodies signed with it, and readers of
// what a report changed.

export const GITHUB_KEY_ID = "test-github-key-1";
export const OTHER_KEY_ID = "test-github-key-2";
export const REPORT_TOKEN = "leak-report-token-for-tests-0123456789abcdef";

const github = generateKeyPairSync("ec", { namedCurve: "P-256" });
// A key pair GitHub does not have: what a forger would sign with.
const forger = generateKeyPairSync("ec", { namedCurve: "P-256" });
const other = generateKeyPairSync("ec", { namedCurve: "P-256" });

/** GitHub's published document, as the operator would configure it. */
export function githubKeyDocument(): string {
  const pem = (pair: typeof github) => pair.publicKey.export({ type: "spki", format: "pem" }).toString();
  return JSON.stringify({
    public_keys: [
      { key_identifier: GITHUB_KEY_ID, key: pem(github), is_current: true },
      { key_identifier: OTHER_KEY_ID, key: pem(other), is_current: false },
    ],
  });
}

/** GitHub's signature of these bytes (or a forger's), base64 DER as GitHub sends it. */
export function signature(body: string | Buffer, by: "github" | "forger" | "other" = "github"): string {
  const pair = by === "github" ? github : by === "other" ? other : forger;
  return sign("sha256", Buffer.from(body), pair.privateKey).toString("base64");
}

export function found(token: string, overrides: Record<string, unknown> = {}) {
  return {
    token,
    type: "latchkey_api_key",
    url: "https://github.com/octocat/hello/blob/0123456/config.env",
    source: "content",
    ...overrides,
  };
}

let address = 0;
/** A fresh caller address, so that one test's reports do not count against another's rate limit. */
export function freshIp(): string {
  address += 1;
  return `198.51.100.${address}`;
}

export async function keyRow(keyId: string) {
  const db = await getDb();
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
  return row;
}

export async function secretRow(secret: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(apiKeySecrets)
    .where(eq(apiKeySecrets.hash, hashKey(secret)));
  return row;
}

export async function eventsOfKey(keyId: string) {
  const db = await getDb();
  return db.select().from(events).where(eq(events.keyId, keyId));
}

export async function reportsOfKey(keyId: string) {
  const db = await getDb();
  return db.select().from(leakReports).where(eq(leakReports.keyId, keyId));
}
