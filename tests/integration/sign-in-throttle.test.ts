import { describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { insertUserIfNew } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { clientIp, SOCKET_IP_HEADER } from "@/lib/http/client-ip";
import { ACCOUNT_FAILURES, ADDRESS_FAILURES } from "@/lib/auth/sign-in-throttle";
import { logger } from "@/lib/infra/logger";
import { failHeld, resetScryptProbe, scryptProbe } from "../support/scrypt-probe";

// Every scrypt derivation is counted; a test may hold them to fill the queue without paying for them.
vi.mock("node:crypto", async (importOriginal) => {
  const { probedCrypto } = await import("../support/scrypt-probe");
  return probedCrypto(await importOriginal());
});

const { MAX_SIGN_INS_IN_FLIGHT_PER_ADDRESS, SignInBusy, SignInThrottled, throttledSignIn } = await import(
  "@/lib/auth/throttled-sign-in"
);

const PASSWORD = "correct horse battery staple";
// The address as auth.ts reads it from the sign-in request.
const from = (ip: string) => clientIp(new Headers({ [SOCKET_IP_HEADER]: ip }));

/** How many of these promises are still unsettled after the current turn. */
async function pendingCount(promises: Promise<unknown>[]): Promise<number> {
  const settled = new Set<Promise<unknown>>();
  for (const p of promises)
    p.then(
      () => settled.add(p),
      () => settled.add(p),
    );
  await new Promise((resolve) => setImmediate(resolve));
  return promises.filter((p) => !settled.has(p)).length;
}

async function account() {
  const email = `throttle-${randomUUID().slice(0, 8)}@test.latchkey.local`;
  await insertUserIfNew({ email, name: "Throttled", passwordHash: await hashPassword(PASSWORD) });
  return email;
}

describe("sign-in throttle", () => {
  it("pauses an account after repeated wrong passwords, from any address, even for the right one", async () => {
    const email = await account();
    for (let i = 0; i < ACCOUNT_FAILURES.points; i++) {
      expect(await throttledSignIn({ email, password: `wrong ${i}` }, from(`198.51.100.${i + 1}`))).toBeNull();
    }
    await expect(throttledSignIn({ email, password: PASSWORD }, from("198.51.100.99"))).rejects.toBeInstanceOf(SignInThrottled);
    // Another account is not affected.
    const other = await account();
    expect(await throttledSignIn({ email: other, password: PASSWORD }, from("198.51.100.99"))).toMatchObject({ email: other });
  }, 60_000);

  it("pauses an address that tries many accounts", async () => {
    const ip = "203.0.113.250";
    for (let i = 0; i < ADDRESS_FAILURES.points; i++) {
      expect(await throttledSignIn({ email: `nobody-${i}@test.latchkey.local`, password: "x" }, from(ip))).toBeNull();
    }
    const email = await account();
    await expect(throttledSignIn({ email, password: PASSWORD }, from(ip))).rejects.toBeInstanceOf(SignInThrottled);
    expect(await throttledSignIn({ email, password: PASSWORD }, from("203.0.113.251"))).toMatchObject({ email });
  }, 60_000);

  it("refuses as busy while password hashing is saturated, counting nothing against the account or address", async () => {
    const email = await account();
    const ip = "192.0.2.88";
    const warn = vi.spyOn(logger, "warn");
    resetScryptProbe();
    scryptProbe.mode = "hold";
    const saturating = Array.from({ length: 102 }, (_, i) => hashPassword(`saturating ${i}`));
    for (const hash of saturating) hash.catch(() => {});
    try {
      for (let i = 0; i < ACCOUNT_FAILURES.points; i++) {
        await expect(throttledSignIn({ email, password: PASSWORD }, from(ip))).rejects.toBeInstanceOf(SignInBusy);
      }
      // An unknown email is checked against the decoy, which waits in the same queue.
      await expect(throttledSignIn({ email: "nobody-busy@test.latchkey.local", password: "x" }, from(ip))).rejects.toBeInstanceOf(
        SignInBusy,
      );
    } finally {
      failHeld();
      await Promise.allSettled(saturating);
      resetScryptProbe();
    }
    expect(warn).toHaveBeenCalledWith(
      { event: "sign_in.busy", email, ip, reason: "queue_full" },
      "sign-in refused: password hashing busy",
    );
    warn.mockRestore();
    expect(await throttledSignIn({ email, password: PASSWORD }, from(ip))).toMatchObject({ email });
  }, 60_000);

  it("checks only a few passwords at once per address, so one address cannot fill the hashing queue", async () => {
    const email = await account();
    resetScryptProbe();
    scryptProbe.mode = "hold";
    // IPv6 addresses of one /64 are one address here, as in every throttle.
    const burst = Array.from({ length: MAX_SIGN_INS_IN_FLIGHT_PER_ADDRESS }, (_, i) =>
      throttledSignIn({ email, password: PASSWORD }, from(`2001:db8:5:5::${(i + 1).toString(16)}`)),
    );
    for (const attempt of burst) attempt.catch(() => {});
    const elsewhere = throttledSignIn({ email, password: PASSWORD }, from("192.0.2.91"));
    elsewhere.catch(() => {});
    try {
      const oneTooMany = throttledSignIn({ email, password: PASSWORD }, from("2001:db8:5:5::ffff"));
      oneTooMany.catch(() => {});
      // Refused at once, while the others still wait for their (held) checks, and another address is let in.
      expect(await pendingCount([oneTooMany])).toBe(0);
      await expect(oneTooMany).rejects.toBeInstanceOf(SignInBusy);
      expect(await pendingCount([...burst, elsewhere])).toBe(MAX_SIGN_INS_IN_FLIGHT_PER_ADDRESS + 1);
    } finally {
      failHeld();
      await Promise.allSettled([...burst, elsewhere]);
      resetScryptProbe();
    }
    // Once they are done, the address may sign in again.
    expect(await throttledSignIn({ email, password: PASSWORD }, from("2001:db8:5:5::1"))).toMatchObject({ email });
  }, 60_000);

  it("logs successes and failures, never the password", async () => {
    const email = await account();
    const info = vi.spyOn(logger, "info");
    const warn = vi.spyOn(logger, "warn");
    await throttledSignIn({ email, password: "not it" }, from("192.0.2.77"));
    await throttledSignIn({ email, password: PASSWORD }, from("192.0.2.77"));
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ event: "sign_in.failed", email, ip: "192.0.2.77" }),
      "sign-in failed",
    );
    expect(info).toHaveBeenCalledWith(expect.objectContaining({ event: "sign_in.succeeded", ip: "192.0.2.77" }), "signed in");
    const logged = JSON.stringify([...info.mock.calls, ...warn.mock.calls]);
    expect(logged).not.toContain(PASSWORD);
    expect(logged).not.toContain("not it");
    info.mockRestore();
    warn.mockRestore();
  }, 60_000);
});
