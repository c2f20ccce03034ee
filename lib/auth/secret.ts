import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { env, usesEmbeddedDatabase } from "@/lib/infra/env";

const EMBEDDED_SECRET_FILE = path.join(process.cwd(), ".data", "auth-secret");

/**
 * AUTH_SECRET signs the session cookies. A deployment on a real database must set it; the embedded default makes
 * one on first start and keeps it beside the data, so that `npm run dev` needs no setup and sessions survive restarts.
 */
export function authSecret(): string {
  // Its length is checked with the rest of the environment (lib/infra/env-schema.mjs).
  const configured = env().AUTH_SECRET;
  if (configured) return configured;
  if (!usesEmbeddedDatabase()) throw new Error("AUTH_SECRET must be set when DATABASE_URL is set.");
  try {
    return readFileSync(EMBEDDED_SECRET_FILE, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(EMBEDDED_SECRET_FILE), { recursive: true });
    try {
      writeFileSync(EMBEDDED_SECRET_FILE, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
    } catch {
      // Another worker wrote it first: theirs wins.
    }
    return readFileSync(EMBEDDED_SECRET_FILE, "utf8").trim();
  }
}
