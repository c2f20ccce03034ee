import { startTestSession } from "../support/live-session";
import { auditActionsOf } from "../support/teams";
import { randomUUID } from "node:crypto";
import { generate } from "otplib";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { getDb } from "@/db";
import { insertUserIfNew } from "@/db/queries/users";
import { claimTimeStep } from "@/db/queries/two-factor";
import { userSessions, users, userTwoFactor, type User } from "@/db/schema";
import { SignInNeedsCode, SignInWrongCode } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { endAllSessions, endOtherSessions, endSession, listSessions, startSession } from "@/lib/auth/sessions";
import { SignInThrottled, throttledSignIn } from "@/lib/auth/throttled-sign-in";
import { confirmEnrolment, disableTwoFactor, startEnrolment, twoFactorStatus, verifySecondFactor } from "@/lib/auth/two-factor";
import { SOCKET_IP_HEADER } from "@/lib/http/client-ip";
import { actorOf } from "../support/factories";

// Sessions kept on the server, two-factor sign-in, and step-up, on both databases.
const request = vi.hoisted(() => ({
  session: null as { user: { id: string; sessionId: string } } | null,
  headers: {} as Record<string, string>,
}));
vi.mock("@/auth", () => ({ auth: vi.fn(async () => request.session), signOut: vi.fn() }));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers(request.headers)),
  cookies: vi.fn(async () => ({ get: () => undefined })),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { loadSession } = await import("@/lib/http/session");
const { authedAction } = await import("@/lib/http/server-action");
const { reauthenticateAction } = await import("@/app/(dashboard)/actions");

const PASSWORD = "correct horse battery staple";
const from = (ip: string) => ({ ip, userAgent: "Mozilla/5.0 (vitest)" });

async function person(): Promise<User> {
  const email = `security-${randomUUID().slice(0, 8)}@test.latchkey.local`;
  const user = await insertUserIfNew({ email, name: "Sec", passwordHash: await hashPassword(PASSWORD) });
  if (!user) throw new Error("not created");
  return user;
}

/** A fresh address per test: the sign-in throttle counts per address too. */
let lastOctet = 0;
const nextIp = () => `198.51.100.${++lastOctet}`;

function signedIn(user: User, sessionId: string, ip: string) {
  request.session = { user: { id: user.id, sessionId } };
  request.headers = { [SOCKET_IP_HEADER]: ip, "user-agent": "Mozilla/5.0 (vitest)" };
}

/** Two-factor on for the user; the secret, to make codes with. */
async function enrol(user: User): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { secret } = await startEnrolment(user);
  const recoveryCodes = await confirmEnrolment(actorOf(user), user.id, await generate({ secret }));
  return { secret, recoveryCodes };
}

/** A code of the next time step: the enrolment used this one's, and a replay is refused. */
const nextCode = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

beforeEach(() => {
  request.session = null;
});

describe("server-side sessions", () => {
  it("a sign-in whose password changed (or whose person was deleted) while it was checked starts no session", async () => {
    const user = await person();
    const db = await getDb();
    const checked = user.passwordHash;
    // The reset commits while the sign-in is still hashing the old password.
    await db
      .update(users)
      .set({ passwordHash: await hashPassword("set-by-a-reset-meanwhile") })
      .where(eq(users.id, user.id));
    expect(await startSession(user.id, from(nextIp()), checked)).toBeUndefined();
    const now = (await db.select().from(users).where(eq(users.id, user.id)))[0];
    expect(await startSession(user.id, from(nextIp()), now.passwordHash)).toBeDefined();
    await db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, user.id));
    expect(await startSession(user.id, from(nextIp()), now.passwordHash)).toBeUndefined();
  });

  it("a session whose row ended (or never existed) has no session context", async () => {
    const user = await person();
    const ip = nextIp();
    const session = await startTestSession(user.id, from(ip));
    signedIn(user, session.id, ip);
    expect((await loadSession(undefined))?.sessionId).toBe(session.id);

    await endAllSessions(user.id);
    expect(await loadSession(undefined)).toBeNull();
    signedIn(user, randomUUID(), ip);
    expect(await loadSession(undefined)).toBeNull();
    // A cookie from before there were sessions carries no id at all.
    request.session = { user: { id: user.id } } as never;
    expect(await loadSession(undefined)).toBeNull();
  });

  it("another person's session id finds nothing, and signing out everywhere else keeps this one", async () => {
    const [me, someone] = [await person(), await person()];
    const ip = nextIp();
    const [here, phone, laptop] = [
      await startTestSession(me.id, from(ip)),
      await startTestSession(me.id, from(ip)),
      await startTestSession(me.id, from(ip)),
    ];
    const theirs = await startTestSession(someone.id, from(ip));
    await expect(endSession(actorOf(me), me.id, theirs.id)).rejects.toThrow("already ended");
    expect((await auditActionsOf(me.id)).at(-1)).toBe("session.end.denied");
    await endSession(actorOf(me), me.id, phone.id);
    expect((await listSessions(me.id)).map((s) => s.id).sort()).toEqual([here.id, laptop.id].sort());

    expect(await endOtherSessions(me.id, here.id, actorOf(me))).toBe(1);
    expect((await listSessions(me.id)).map((s) => s.id)).toEqual([here.id]);
    expect((await listSessions(someone.id)).map((s) => s.id)).toEqual([theirs.id]);
    signedIn(me, laptop.id, ip);
    expect(await loadSession(undefined)).toBeNull();
    signedIn(me, here.id, ip);
    expect(await loadSession(undefined)).not.toBeNull();
  });
});

describe("two-factor sign-in", () => {
  it("turns on only with a right code, seals the secret, and gives ten recovery codes", async () => {
    const user = await person();
    const { secret } = await startEnrolment(user);
    expect((await twoFactorStatus(user.id)).enabled).toBe(false);
    await expect(confirmEnrolment(actorOf(user), user.id, "000000")).rejects.toThrow("Wrong code");
    const codes = await confirmEnrolment(actorOf(user), user.id, await generate({ secret }));
    expect(codes).toHaveLength(10);
    expect(await twoFactorStatus(user.id)).toEqual({ enabled: true, recoveryCodesLeft: 10 });
    const [row] = await (await getDb()).select().from(userTwoFactor).where(eq(userTwoFactor.userId, user.id));
    expect(row.secretSealed).not.toContain(secret);
    // Enrolling again cannot replace the secret of a two-factor sign-in that is on.
    await expect(startEnrolment(user)).rejects.toThrow("already on");
  });

  it("turns on only the secret the code was checked against: a second enrolment begun meanwhile is not enabled", async () => {
    const user = await person();
    await startEnrolment(user);
    const [first] = await (await getDb()).select().from(userTwoFactor).where(eq(userTwoFactor.userId, user.id));
    const { secret } = await startEnrolment(user); // another tab replaces the secret
    const db = await getDb();
    // The first tab's claim, checked against the first secret, finds it gone.
    expect(await claimTimeStep(db, user.id, 1, { enable: { secretSealed: first.secretSealed } })).toBe(false);
    expect((await twoFactorStatus(user.id)).enabled).toBe(false);
    await confirmEnrolment(actorOf(user), user.id, await generate({ secret }));
    expect((await twoFactorStatus(user.id)).enabled).toBe(true);
  });

  it("asks for a code only once the password is right, refuses a wrong or replayed code, and signs in with a right one", async () => {
    const user = await person();
    const { secret } = await enrol(user);
    const ip = nextIp();
    expect(await throttledSignIn({ email: user.email, password: "wrong password" }, ip)).toBeNull();
    await expect(throttledSignIn({ email: user.email, password: PASSWORD }, ip)).rejects.toBeInstanceOf(SignInNeedsCode);
    await expect(throttledSignIn({ email: user.email, password: PASSWORD, code: "123456" }, ip)).rejects.toBeInstanceOf(
      SignInWrongCode,
    );
    const code = await nextCode(secret);
    expect(await throttledSignIn({ email: user.email, password: PASSWORD, code }, ip)).toMatchObject({ id: user.id });
    await expect(throttledSignIn({ email: user.email, password: PASSWORD, code }, ip)).rejects.toBeInstanceOf(SignInWrongCode);
  });

  it("takes each recovery code once, and says how many are left", async () => {
    const user = await person();
    const { recoveryCodes } = await enrol(user);
    const actor = actorOf(user);
    expect(await verifySecondFactor(actor, user.id, recoveryCodes[0].toUpperCase())).toBe("recovery");
    expect(await verifySecondFactor(actor, user.id, recoveryCodes[0])).toBeNull();
    const ip = nextIp();
    expect(await throttledSignIn({ email: user.email, password: PASSWORD, code: recoveryCodes[1] }, ip)).toMatchObject({
      id: user.id,
    });
    expect((await twoFactorStatus(user.id)).recoveryCodesLeft).toBe(8);
    await disableTwoFactor(actor, user.id);
    expect(await verifySecondFactor(actor, user.id, recoveryCodes[2])).toBeNull();
    expect(await throttledSignIn({ email: user.email, password: PASSWORD }, ip)).toMatchObject({ id: user.id });
  });

  it("counts wrong codes like wrong passwords: the account pauses after five", async () => {
    const user = await person();
    await enrol(user);
    const ip = nextIp();
    for (let i = 0; i < 5; i++) {
      await expect(throttledSignIn({ email: user.email, password: PASSWORD, code: "000000" }, ip)).rejects.toBeInstanceOf(
        SignInWrongCode,
      );
    }
    await expect(throttledSignIn({ email: user.email, password: PASSWORD }, ip)).rejects.toBeInstanceOf(SignInThrottled);
  });
});

describe("step-up", () => {
  const ran = vi.fn(async () => ({ ok: true as const }));
  const sensitive = authedAction(z.object({}), ran, { stepUp: true });

  async function staleSession(user: User, ip: string) {
    const session = await startTestSession(user.id, from(ip));
    await (await getDb())
      .update(userSessions)
      .set({ reauthenticatedAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(userSessions.id, session.id));
    signedIn(user, session.id, ip);
    return session;
  }

  it("refuses a sensitive action on a sign-in over 10 minutes old, and runs it once the password is given again", async () => {
    const user = await person();
    await staleSession(user, nextIp());
    ran.mockClear();
    expect(await sensitive({})).toMatchObject({ ok: false, stepUp: true });
    expect(ran).not.toHaveBeenCalled();
    expect(await reauthenticateAction({ password: "not it" })).toMatchObject({ ok: false, error: "Wrong password." });
    expect(await sensitive({})).toMatchObject({ stepUp: true });
    expect(await reauthenticateAction({ password: PASSWORD })).toEqual({ ok: true });
    expect(await sensitive({})).toEqual({ ok: true });
    expect(ran).toHaveBeenCalledTimes(1);
  });

  it("takes a code from the app instead of the password when two-factor is on", async () => {
    const user = await person();
    const { secret } = await enrol(user);
    await staleSession(user, nextIp());
    expect(await reauthenticateAction({ code: "000000" })).toMatchObject({ ok: false, error: "Wrong code." });
    expect(await reauthenticateAction({ code: await nextCode(secret) })).toEqual({ ok: true });
    expect(await sensitive({})).toEqual({ ok: true });
  });

  it("is throttled like sign-in", async () => {
    const user = await person();
    await staleSession(user, nextIp());
    for (let i = 0; i < 5; i++) expect(await reauthenticateAction({ password: `wrong ${i}` })).toMatchObject({ ok: false });
    expect(await reauthenticateAction({ password: PASSWORD })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Too many/),
    });
    expect(await sensitive({})).toMatchObject({ stepUp: true });
  });
});
