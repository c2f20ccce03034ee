import { randomBytes, scryptSync } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { failHeld, failOldest, releaseOldest, resetScryptProbe, scryptProbe } from "@/tests/support/scrypt-probe";

// Every scrypt call is counted where it happens; held derivations let the test decide when each one ends.
vi.mock("node:crypto", async (importOriginal) => {
  const { probedCrypto } = await import("@/tests/support/scrypt-probe");
  return probedCrypto(await importOriginal());
});

const settled = () => new Promise((resolve) => setImmediate(resolve));
const queueHolder = globalThis as { __latchkeyPasswordQueue?: unknown };

/** password.ts as a fresh process would load it, with this environment. */
async function loadPassword(vars: Record<string, string> = {}) {
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  delete queueHolder.__latchkeyPasswordQueue;
  vi.resetModules();
  return import("./password");
}

/** Marks rejections the test will look at later (or not at all) as handled now. */
function started<T>(promises: Promise<T>[]): Promise<T>[] {
  for (const promise of promises) promise.catch(() => {});
  return promises;
}

/** Ends every derivation still held or waiting without its cost, and waits for their callers to hear of it. */
async function abandon(pending: Promise<unknown>[]) {
  failHeld();
  await Promise.allSettled(pending);
}

// A stored hash at a low cost, so that checking a password against it costs little when it is let run.
function cheapStoredHash(password: string) {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 });
  return ["scrypt", 1024, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
}

beforeEach(() => {
  resetScryptProbe();
  scryptProbe.mode = "hold";
});
afterEach(() => vi.unstubAllEnvs());

describe("bounded password hashing", () => {
  it("derives at most two passwords at once, hashing and checking alike, the others in the order asked", async () => {
    const { hashPassword, verifyPassword } = await loadPassword();
    const stored = cheapStoredHash("p3");
    const pending = started<string | boolean>([
      hashPassword("p0"),
      hashPassword("p1"),
      hashPassword("p2"),
      verifyPassword("p3", stored),
      hashPassword("p4"),
    ]);
    await settled();
    expect(scryptProbe.order).toEqual(["p0", "p1"]);
    expect(scryptProbe.inFlight).toBe(2);

    failOldest();
    await settled();
    expect(scryptProbe.order).toEqual(["p0", "p1", "p2"]);
    releaseOldest();
    await expect(pending[1]).resolves.toMatch(/^scrypt\$131072\$8\$1\$/);
    await settled();
    expect(scryptProbe.order).toEqual(["p0", "p1", "p2", "p3"]);
    failOldest();
    releaseOldest();
    await expect(pending[3]).resolves.toBe(true);
    await settled();
    expect(scryptProbe.order).toEqual(["p0", "p1", "p2", "p3", "p4"]);
    expect(scryptProbe.peak).toBe(2);
    await abandon(pending);
    await expect(pending[0]).rejects.toThrow("abandoned");
  });

  it("refuses at once with PasswordHashBusy while 100 derivations are waiting", async () => {
    const { hashPassword, verifyPassword, PasswordHashBusy } = await loadPassword();
    const pending = started(Array.from({ length: 102 }, (_, i) => hashPassword(`queued ${i}`)));
    await settled();
    expect(scryptProbe.inFlight).toBe(2);

    const refused = [hashPassword("one too many"), verifyPassword("one too many", cheapStoredHash("x"))];
    for (const attempt of refused) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PasswordHashBusy);
      expect(error).toMatchObject({ reason: "queue_full" });
    }
    expect(scryptProbe.order).not.toContain("one too many");
    expect(scryptProbe.peak).toBe(2);
    await abandon(pending);
  });

  it("makes the decoy hash again after a refusal, instead of keeping the refusal", async () => {
    const { hashPassword, decoyPasswordHash, PasswordHashBusy } = await loadPassword();
    const pending = started(Array.from({ length: 102 }, (_, i) => hashPassword(`queued ${i}`)));
    await settled();
    await expect(decoyPasswordHash()).rejects.toBeInstanceOf(PasswordHashBusy);
    await abandon(pending);

    scryptProbe.mode = "run";
    const decoy = await decoyPasswordHash();
    expect(decoy).toMatch(/^scrypt\$/);
    expect(await decoyPasswordHash()).toBe(decoy);
  });

  it("takes the bound from PASSWORD_HASH_CONCURRENCY", async () => {
    const { hashPassword } = await loadPassword({ PASSWORD_HASH_CONCURRENCY: "3" });
    const pending = started(["a", "b", "c", "d", "e"].map((p) => hashPassword(p)));
    await settled();
    expect(scryptProbe.order).toEqual(["a", "b", "c"]);
    failOldest();
    await settled();
    expect(scryptProbe.order).toEqual(["a", "b", "c", "d"]);
    expect(scryptProbe.peak).toBe(3);
    await abandon(pending);
  });
});
