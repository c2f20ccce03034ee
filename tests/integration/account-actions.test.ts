import { beforeEach, describe, expect, it, vi } from "vitest";
import { findUserTokenByHash } from "@/db/queries/user-tokens";
import { hashOneTimeToken } from "@/lib/accounts/one-time-token";
import { createUser } from "../support/factories";
import { givePassword, linkTokenIn, userRow } from "../support/accounts";

// The account page's actions: each acts on the signed-in person and nobody else (no form names a user), refuses a
// signed-out caller, and answers a refusal at the field.

const request = vi.hoisted(() => ({ session: null as { user: { id: string } } | null }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
  signOut: vi.fn(async () => undefined),
}));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers({ host: "keys.test" })),
  cookies: vi.fn(async () => ({ get: () => undefined })),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const actions = await import("@/app/(dashboard)/account/actions");
const signInAs = (user: { id: string } | null) => {
  request.session = user && { user: { id: user.id } };
};

describe("account actions", () => {
  beforeEach(() => signInAs(null));

  it("refuse a signed-out caller and a form that names another person", async () => {
    const victim = await createUser({ name: "Victim" });
    expect(await actions.changeNameAction({ name: "Hijacked" })).toMatchObject({ ok: false });
    expect(await actions.deleteAccountAction({ confirmation: victim.email, password: "x" })).toMatchObject({ ok: false });
    const attacker = await createUser({ name: "Attacker" });
    signInAs(attacker);
    expect(await actions.changeNameAction({ name: "Hijacked", userId: victim.id })).toMatchObject({ ok: false });
    expect((await userRow(victim.id)).name).toBe("Victim");
    expect((await userRow(attacker.id)).name).toBe("Attacker");
  });

  it("answer at the field, and mail links whole from the server's own address without PUBLIC_URL, never the request's Host", async () => {
    // The request says it was sent to keys.test (see the headers mock): a forged Host must not reach the mail.
    vi.stubEnv("PORT", "3999");
    vi.stubEnv("HOSTNAME", "0.0.0.0");
    const user = await createUser();
    await givePassword(user.id, "a-password-here");
    signInAs(user);
    expect(await actions.requestEmailChangeAction({ email: "nope", password: "a-password-here" })).toMatchObject({
      ok: false,
      fieldErrors: { email: ["Enter a valid email address."] },
    });
    expect(await actions.requestEmailChangeAction({ email: user.email, password: "a-password-here" })).toMatchObject({
      ok: false,
      fieldErrors: { email: ["This is your address already."] },
    });
    const next = `moved-${user.id}@test.latchkey.local`;
    expect(await actions.requestEmailChangeAction({ email: next, password: "a-password-here" })).toEqual({ ok: true });
    const token = await linkTokenIn(next, "http://localhost:3999/account/confirm-email");
    expect((await findUserTokenByHash(hashOneTimeToken(token), "email_change"))?.userId).toBe(user.id);
    expect(await actions.confirmEmailChangeAction({ token })).toEqual({ ok: true, email: next });
    expect(await actions.deleteAccountAction({ confirmation: next, password: "a-password-here" })).toEqual({ ok: true });
    expect((await userRow(user.id)).deletedAt).not.toBeNull();
    // The session ends with the deletion: the next action is refused.
    expect(await actions.changeNameAction({ name: "Ghost" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("Sign in"),
    });
    vi.unstubAllEnvs();
  });
});
