import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("stores scrypt with its parameters, salt and key", async () => {
    const stored = await hashPassword("correct horse battery staple");
    const [algorithm, n, r, p, salt, key] = stored.split("$");
    expect([algorithm, n, r, p]).toEqual(["scrypt", String(2 ** 17), "8", "1"]);
    expect(Buffer.from(salt, "base64")).toHaveLength(16);
    expect(Buffer.from(key, "base64")).toHaveLength(32);
    expect(stored).not.toContain("correct horse");
  });

  it("salts each hash", async () => {
    const [first, second] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(first).not.toBe(second);
  });

  // Three 128 MiB scrypt derivations: seconds each on a loaded 2-core machine.
  it("verifies the right password and refuses a wrong one", { timeout: 30_000 }, async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("reads the parameters from the stored hash, so hashes made at another cost still verify", async () => {
    const salt = randomBytes(16);
    const key = scryptSync("older password", salt, 32, { N: 1024, r: 8, p: 1 });
    const older = ["scrypt", 1024, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
    expect(await verifyPassword("older password", older)).toBe(true);
    expect(await verifyPassword("other password", older)).toBe(false);
  });

  it("treats compatibility forms of a character as the same password (NFKC)", async () => {
    const stored = await hashPassword("ﬁne password");
    expect(await verifyPassword("fine password", stored)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["another algorithm", "bcrypt$2b$10$abcdefghijklmnopqrstuv"],
    ["missing the key", "scrypt$131072$8$1$c2FsdHNhbHRzYWx0c2FsdA=="],
  ])("refuses a stored hash that is %s", async (_label, stored) => {
    expect(await verifyPassword("anything", stored)).toBe(false);
  });

  it("has a decoy hash that no password matches, made once", async () => {
    const decoy = await decoyPasswordHash();
    expect(await decoyPasswordHash()).toBe(decoy);
    expect(decoy.startsWith("scrypt$")).toBe(true);
    expect(await verifyPassword("", decoy)).toBe(false);
  });
});
