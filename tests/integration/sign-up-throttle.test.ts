import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { findUserByEmail } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { takeSignUpAttempt } from "@/lib/auth/sign-up-throttle";
import { SignInBusy } from "@/lib/auth/throttled-sign-in";
import { env } from "@/lib/infra/env";
import { logger } from "@/lib/infra/logger";
import { createUser } from "../support/factories";
import { fromAddress } from "../support/request-headers";
import { failHeld, resetScryptProbe, scryptProbe } from "../support/scrypt-probe";
import { listMembershipsOfUser } from "@/db/queries/accounts";

// What Next.js and Auth.js provide around a server action: the request's headers, and signIn (which, for real,
// checks the password once more and ends in a redirect).
vi.mock("next/headers", async () => {
  const { requestHeaders } = await import("../support/request-headers");
  return { headers: vi.fn(async () => requestHeaders.getStore() ?? new Headers()) };
});
vi.mock("@/auth", () => ({ auth: vi.fn(async () => null), signIn: vi.fn(async () => undefined) }));
// next-auth's entry needs Next.js's bundler to load; its AuthError is @auth/core's, which the action's catch compares.
vi.mock("next-auth", async () => ({ AuthError: (await import("@auth/core/errors")).AuthError }));
// Every scrypt derivation is counted; a test may hold them to fill the queue without paying for them.
vi.mock("node:crypto", async (importOriginal) => {
  const { probedCrypto } = await import("../support/scrypt-probe");
  return probedCrypto(await importOriginal());
});

const { signIn } = await import("@/auth");
const { signInAction, signUpAction } = await import("@/app/(auth)/actions");

const LIMIT = env().SIGN_UP_LIMIT_PER_HOUR;
const THROTTLED = /^Too many sign-ups from this address\. Try again in \d+ minutes?\.$/;
const BUSY = "The service is busy; try again in a moment.";

function signUpForm({ email, password }: { email: string; password: string }) {
  const form = new FormData();
  form.append("$ACTION_ID_signup", "");
  form.append("name", "New Client");
  form.append("email", email);
  form.append("password", password);
  return form;
}

/** A new visitor's email and password, each unique, so a test can tell whose password was hashed. */
function visitor() {
  const id = randomUUID().slice(0, 8);
  return { email: `sign-up-${id}@test.latchkey.local`, password: `password ${id}` };
}

const signUpFrom = (ip: string, who: { email: string; password: string }) =>
  fromAddress(ip, () => signUpAction(null, signUpForm(who)));

beforeEach(() => {
  resetScryptProbe();
  vi.mocked(signIn).mockClear();
});
afterEach(() => vi.restoreAllMocks());

describe("sign-up throttle", () => {
  it("counts successes and taken emails, then refuses the next sign-up from that address before hashing", async () => {
    const ip = "198.51.100.61";
    const taken = await createUser();
    const accepted = Array.from({ length: LIMIT - 1 }, visitor);
    for (const who of accepted) expect(await signUpFrom(ip, who)).toEqual({ ok: true });
    expect(await signUpFrom(ip, { email: taken.email, password: "another password" })).toEqual({
      ok: false,
      error: "Check the highlighted fields.",
      fieldErrors: { email: ["An account with this email already exists."] },
    });
    expect(scryptProbe.order).toHaveLength(LIMIT);

    const refused = visitor();
    const result = await signUpFrom(ip, refused);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(THROTTLED) });
    expect(result).not.toHaveProperty("fieldErrors");
    expect(scryptProbe.order).not.toContain(refused.password);
    expect(await findUserByEmail(refused.email)).toBeUndefined();
    expect(signIn).toHaveBeenCalledTimes(LIMIT - 1);

    // Each account made is an active client, signed in with what was just typed.
    const made = await findUserByEmail(accepted[0].email);
    expect(made).toMatchObject({ name: "New Client", role: "client" });
    expect((await listMembershipsOfUser(made!.id)).map((m) => [m.account.kind, m.account.status, m.role])).toEqual([
      ["personal", "active", "owner"],
    ]);
    expect(signIn).toHaveBeenCalledWith("credentials", {
      email: accepted[0].email,
      password: accepted[0].password,
      redirectTo: "/keys",
    });

    // Another address is not affected.
    const elsewhere = visitor();
    expect(await signUpFrom("198.51.100.62", elsewhere)).toEqual({ ok: true });
    expect(await findUserByEmail(elsewhere.email)).toMatchObject({ email: elsewhere.email });
  }, 120_000);

  it("counts a burst of parallel sign-ups as they arrive, so no more than the limit get through", async () => {
    // Held derivations: the attempts let through stay in the queue, and the test pays for no hash.
    scryptProbe.mode = "hold";
    const burst = Array.from({ length: LIMIT + 3 }, visitor);
    // Addresses of one IPv6 /64 count as one: a host may send from any of them.
    const attempts = burst.map((who, i) => signUpFrom(`2001:db8::${(i + 5).toString(16)}`, who));
    // The refused ones answer at once; the ones let through wait for their (held) hashes.
    const answered: unknown[] = [];
    await new Promise<void>((resolve) => {
      for (const attempt of attempts) {
        attempt.then(
          (result) => answered.push(result) === 3 && resolve(),
          () => {},
        );
      }
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toEqual([1, 2, 3].map(() => ({ ok: false, error: expect.stringMatching(THROTTLED) })));
    expect(scryptProbe.inFlight).toBe(env().PASSWORD_HASH_CONCURRENCY);
    failHeld();
    await Promise.allSettled(attempts);
    const rows = await Promise.all(burst.map((who) => findUserByEmail(who.email)));
    expect(rows.filter(Boolean)).toHaveLength(0);
  });

  it("answers busy when hashing is saturated, creating nothing and giving the attempt back", async () => {
    scryptProbe.mode = "hold";
    const saturating = Array.from({ length: 102 }, (_, i) => hashPassword(`saturating ${i}`));
    for (const hash of saturating) hash.catch(() => {});
    const ip = "198.51.100.63";
    const who = visitor();
    for (let i = 0; i < 3; i++) expect(await signUpFrom(ip, who)).toEqual({ ok: false, error: BUSY });
    expect(await findUserByEmail(who.email)).toBeUndefined();
    expect(signIn).not.toHaveBeenCalled();
    failHeld();
    await Promise.allSettled(saturating);

    // None of the three busy refusals used up the address's hour.
    for (let i = 0; i < LIMIT; i++) expect(await takeSignUpAttempt(ip)).toBe(0);
    expect(await takeSignUpAttempt(ip)).toBeGreaterThan(0);
  });

  it("logs refusals and sign-ups with the address, never the password", async () => {
    const info = vi.spyOn(logger, "info");
    const warn = vi.spyOn(logger, "warn");
    const ip = "198.51.100.64";
    const first = visitor();
    expect(await signUpFrom(ip, first)).toEqual({ ok: true });
    const made = await findUserByEmail(first.email);
    for (let i = 1; i < LIMIT; i++) await takeSignUpAttempt(ip);
    const refused = visitor();
    expect(await signUpFrom(ip, refused)).toMatchObject({ ok: false, error: expect.stringMatching(THROTTLED) });

    expect(info).toHaveBeenCalledWith({ event: "sign_up.succeeded", userId: made!.id, ip }, "signed up");
    expect(warn).toHaveBeenCalledWith(
      { event: "sign_up.throttled", email: refused.email, ip, retryAfterSeconds: expect.any(Number) },
      "sign-up refused: too many from this address",
    );
    const logged = JSON.stringify([...info.mock.calls, ...warn.mock.calls]);
    expect(logged).not.toContain(first.password);
    expect(logged).not.toContain(refused.password);
  }, 60_000);
});

describe("sign-in form", () => {
  it("says the service is busy when the password could not be checked in time", async () => {
    vi.mocked(signIn).mockRejectedValueOnce(new SignInBusy());
    const form = new FormData();
    form.append("email", "someone@test.latchkey.local");
    form.append("password", "whatever it is");
    expect(await fromAddress("198.51.100.65", () => signInAction(null, form))).toEqual({ ok: false, error: BUSY });
  });
});
