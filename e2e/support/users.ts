import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";

export interface TestUser {
  name: string;
  email: string;
  password: string;
  storageState: string;
}

// Playwright runs from the project root, where its config lives.
const AUTH_DIR = path.join(process.cwd(), "e2e", ".auth");
const USERS_FILE = path.join(AUTH_DIR, "users.json");

// Fixed paths, because specs name them in test.use() before the setup project has run.
export const OWNER_STATE = path.join(AUTH_DIR, "owner.json");
export const OTHER_STATE = path.join(AUTH_DIR, "other.json");

export function newTestUser(label: "Owner" | "Other"): TestUser {
  const id = randomUUID().slice(0, 8);
  return {
    name: `${label} ${id}`,
    email: `${label.toLowerCase()}-${id}@e2e.test`,
    password: `pw-${randomUUID()}`,
    storageState: label === "Owner" ? OWNER_STATE : OTHER_STATE,
  };
}

export function saveTestUsers(users: Record<string, TestUser>) {
  mkdirSync(AUTH_DIR, { recursive: true });
  writeFileSync(USERS_FILE, JSON.stringify(users, null, 2));
}

/** The two clients the setup project signed up: "owner" makes keys, "other" tries to reach them. */
export function testUsers(): { owner: TestUser; other: TestUser } {
  return JSON.parse(readFileSync(USERS_FILE, "utf8"));
}
