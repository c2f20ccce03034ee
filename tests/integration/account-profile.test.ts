import { startTestSession } from "../support/live-session";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { findAccount } from "@/db/queries/accounts";
import { findUserByEmail, insertUserIfNew } from "@/db/queries/users";
import { findPendingEmailChange } from "@/db/queries/user-tokens";
import { cancelEmailChange, confirmEmailChange, emailChangeLink, requestEmailChange } from "@/lib/accounts/email-change";
import { changeName, changePassword } from "@/lib/accounts/profile";
import { requestPasswordReset, resetLinkProblem, resetPassword } from "@/lib/accounts/password-reset";
import { verifyPassword } from "@/lib/auth/password";
import { listSessions } from "@/lib/auth/sessions";
import { actorOf, createUser } from "../support/factories";
import { expireTokens, givePassword, linkTokenIn, mailTo, userRow } from "../support/accounts";
import { auditActionsOf } from "../support/teams";
import { allRowsAsText, tablesContainingAnyPart } from "../support/inspect";

// A person's own name, password and email, and a forgotten password: each change audited in their personal account's
// trail, with its mail queued in the same transaction; every link works once, in time, for its own person.

const BASE = "https://keys.example.com";
const visitor = { ip: "203.0.113.9", userAgent: "vitest" };
const PASSWORD = "the-old-password";

async function person() {
  const user = await createUser({ name: "Ada" });
  await givePassword(user.id, PASSWORD);
  return userRow(user.id);
}

const freshAddress = () => `new-${randomUUID()}@test.latchkey.local`;

describe("name and password", () => {
  it("a new name is saved and audited; the same name again is no change", async () => {
    const user = await person();
    await changeName(actorOf(user), user.id, "Ada Lovelace");
    await changeName(actorOf(user), user.id, "Ada Lovelace");
    expect((await userRow(user.id)).name).toBe("Ada Lovelace");
    expect((await findAccount(user.id))?.name).toBe("Ada Lovelace");
    expect((await auditActionsOf(user.id)).filter((a) => a === "user.name")).toHaveLength(1);
  });

  it("needs the current password; the change is audited without a hash, mailed, and ends open reset links and other sessions", async () => {
    const user = await person();
    const [here, elsewhere] = [await startTestSession(user.id, visitor), await startTestSession(user.id, visitor)];
    await requestPasswordReset(user.email, visitor, BASE);
    const resetToken = await linkTokenIn(user.email, "/reset-password");
    const input = {
      currentPassword: "not-it-at-all",
      newPassword: "a-brand-new-password",
      confirmPassword: "a-brand-new-password",
    };
    await expect(changePassword(actorOf(user), user, input, BASE, here.id)).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { currentPassword: ["This is not your current password."] },
    });
    expect((await userRow(user.id)).passwordHash).toBe(user.passwordHash);
    expect(await listSessions(user.id)).toHaveLength(2);

    await changePassword(actorOf(user), user, { ...input, currentPassword: PASSWORD }, BASE, here.id);
    // The session that changed it stays; the other is signed out.
    expect((await listSessions(user.id)).map((row) => row.id)).toEqual([here.id]);
    expect(elsewhere.id).not.toBe(here.id);
    const after = await userRow(user.id);
    expect(await verifyPassword("a-brand-new-password", after.passwordHash)).toBe(true);
    expect((await mailTo(user.email))[0]).toMatchObject({ subject: "[Latchkey] Your password was changed", userId: user.id });
    expect(await resetLinkProblem(resetToken)).toBe("revoked");
    expect((await auditActionsOf(user.id)).at(-1)).toBe("user.password_change");
    // A second change checked against the password the first one replaced is refused, read before or after it.
    await expect(
      changePassword(actorOf(user), user, { ...input, currentPassword: PASSWORD }, BASE, here.id),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(
      changePassword(actorOf(user), after, { ...input, currentPassword: PASSWORD }, BASE, here.id),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
  });

  it("wrong current passwords count as failed sign-ins: after five, even the right one waits", async () => {
    const user = await person();
    const actor = { ...actorOf(user), ip: "198.51.100.77" };
    const input = {
      currentPassword: "wrong-guess",
      newPassword: "a-brand-new-password",
      confirmPassword: "a-brand-new-password",
    };
    for (let i = 0; i < 5; i++) {
      await expect(changePassword(actor, user, input, BASE, randomUUID())).rejects.toMatchObject({ code: "validation_failed" });
    }
    await expect(changePassword(actor, user, { ...input, currentPassword: PASSWORD }, BASE, randomUUID())).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("Too many wrong passwords"),
    });
    expect((await userRow(user.id)).passwordHash).toBe(user.passwordHash);
  });
});

describe("a forgotten password", () => {
  it("answers the same whether or not the address has an account, and mails only an account's", async () => {
    const user = await person();
    const nobody = freshAddress();
    expect(await requestPasswordReset(nobody, visitor, BASE)).toEqual({ ok: true });
    expect(await requestPasswordReset(user.email.toUpperCase(), visitor, BASE)).toEqual({ ok: true });
    expect(await mailTo(nobody)).toEqual([]);
    const [mail] = await mailTo(user.email);
    expect(mail.subject).toBe("[Latchkey] Reset your password");
    expect(mail.textBody).toContain(`${BASE}/reset-password/`);
    expect((await auditActionsOf(user.id)).at(-1)).toBe("user.password_reset_request");
  });

  it("a link works once, signs nobody in, ends every session, and its token is stored nowhere but in the mail", async () => {
    const user = await person();
    await startTestSession(user.id, visitor);
    await requestPasswordReset(user.email, visitor, BASE);
    const token = await linkTokenIn(user.email, "/reset-password");
    const holders = tablesContainingAnyPart(await allRowsAsText(), token);
    expect(holders).toEqual(["public.mail_outbox"]);

    await resetPassword(token, "chosen-after-reset", visitor, BASE);
    expect(await verifyPassword("chosen-after-reset", (await userRow(user.id)).passwordHash)).toBe(true);
    expect(await listSessions(user.id)).toEqual([]);
    await expect(resetPassword(token, "another-one-again", visitor, BASE)).rejects.toMatchObject({ code: "conflict" });
    expect(await verifyPassword("chosen-after-reset", (await userRow(user.id)).passwordHash)).toBe(true);
    expect((await mailTo(user.email))[0].subject).toBe("[Latchkey] Your password was changed");
    expect((await auditActionsOf(user.id)).at(-1)).toBe("user.password_reset");
  });

  it("a link stops working when it expires or a newer one is asked for", async () => {
    const user = await person();
    await requestPasswordReset(user.email, visitor, BASE);
    const first = await linkTokenIn(user.email, "/reset-password");
    await requestPasswordReset(user.email, visitor, BASE);
    const second = await linkTokenIn(user.email, "/reset-password");
    expect(await resetLinkProblem(first)).toBe("revoked");
    expect(await resetLinkProblem(second)).toBeNull();
    await expireTokens(user.id, "password_reset");
    expect(await resetLinkProblem(second)).toBe("expired");
    await expect(resetPassword(second, "too-late-for-this", visitor, BASE)).rejects.toMatchObject({ code: "conflict" });
    await expect(resetPassword("A".repeat(43), "made-up-link-here", visitor, BASE)).rejects.toMatchObject({ code: "not_found" });
    expect((await userRow(user.id)).passwordHash).toBe(user.passwordHash);
  });

  it("is throttled per address asked for, known or not", async () => {
    const nobody = freshAddress();
    const from = { ip: `198.51.100.${Math.floor(Math.random() * 200)}`, userAgent: null };
    for (let i = 0; i < 3; i++) expect(await requestPasswordReset(nobody, from, BASE)).toEqual({ ok: true });
    expect(await requestPasswordReset(nobody, from, BASE)).toMatchObject({ ok: false });
  });
});

describe("a new email address", () => {
  it("changes only when its owner, signed in, opens the link mailed to the new address; the old one is told", async () => {
    const user = await person();
    const next = freshAddress();
    await expect(
      requestEmailChange(actorOf(user), user, { email: next, password: "wrong-password" }, BASE),
    ).rejects.toMatchObject({
      fieldErrors: { password: ["This is not your current password."] },
    });
    // A reset link mailed to the old address before the move.
    await requestPasswordReset(user.email, visitor, BASE);
    const resetToken = await linkTokenIn(user.email, "/reset-password");
    await requestEmailChange(actorOf(user), user, { email: next, password: PASSWORD }, BASE);
    expect((await findPendingEmailChange(user.id))?.newEmail).toBe(next);
    expect((await userRow(user.id)).email).toBe(user.email);
    const token = await linkTokenIn(next, "/account/confirm-email");

    // Another person's session finds no such link, and changes nothing.
    const other = await person();
    expect(await emailChangeLink(other.id, token)).toMatchObject({ ok: false });
    await expect(confirmEmailChange(actorOf(other), other.id, token, BASE)).rejects.toMatchObject({ code: "not_found" });
    expect((await userRow(other.id)).email).toBe(other.email);

    expect(await emailChangeLink(user.id, token)).toEqual({ ok: true, email: next });
    expect(await confirmEmailChange(actorOf(user), user.id, token, BASE)).toBe(next);
    expect((await userRow(user.id)).email).toBe(next);
    expect((await findUserByEmail(next))?.id).toBe(user.id);
    expect(await findUserByEmail(user.email)).toBeUndefined();
    expect((await mailTo(user.email))[0].subject).toBe("[Latchkey] Your email address was changed");
    // The old address's reset link went with it.
    expect(await resetLinkProblem(resetToken)).toBe("revoked");
    await expect(confirmEmailChange(actorOf(user), user.id, token, BASE)).rejects.toMatchObject({ code: "conflict" });
    expect((await auditActionsOf(user.id)).filter((a) => a.startsWith("user.email"))).toEqual([
      "user.email_change_request",
      "user.email_change",
    ]);
  });

  it("is limited to five requests an hour per person: neither the mailing nor the question is unlimited", async () => {
    const user = await person();
    for (let i = 0; i < 5; i++) {
      await requestEmailChange(actorOf(user), user, { email: freshAddress(), password: PASSWORD }, BASE);
    }
    await expect(
      requestEmailChange(actorOf(user), user, { email: freshAddress(), password: PASSWORD }, BASE),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("Too many address changes") });
  });

  it("a taken address is refused at the request with sign-up's words, whatever its case", async () => {
    const user = await person();
    const other = await person();
    await expect(
      requestEmailChange(actorOf(user), user, { email: other.email.toLowerCase(), password: PASSWORD }, BASE),
    ).rejects.toMatchObject({ fieldErrors: { email: ["An account with this email already exists."] } });
    expect(await findPendingEmailChange(user.id)).toBeUndefined();
  });

  it("an address taken between the request and the confirmation is refused then, and the link is not spent", async () => {
    const user = await person();
    const rival = await person();
    const next = freshAddress();
    await requestEmailChange(actorOf(user), user, { email: next, password: PASSWORD }, BASE);
    const mine = await linkTokenIn(next, "/account/confirm-email");
    await requestEmailChange(actorOf(rival), rival, { email: next, password: PASSWORD }, BASE);
    const theirs = await linkTokenIn(next, "/account/confirm-email");
    // Both confirm at once: exactly one gets the address.
    const outcomes = await Promise.allSettled([
      confirmEmailChange(actorOf(user), user.id, mine, BASE),
      confirmEmailChange(actorOf(rival), rival.id, theirs, BASE),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "conflict", message: expect.stringContaining("already exists") });
    const emails = [(await userRow(user.id)).email, (await userRow(rival.id)).email];
    expect(emails.filter((e) => e === next)).toHaveLength(1);

    // A sign-up takes an address waiting for confirmation: the confirmation is refused.
    const late = freshAddress();
    await requestEmailChange(actorOf(user), await userRow(user.id), { email: late, password: PASSWORD }, BASE);
    const lateToken = await linkTokenIn(late, "/account/confirm-email");
    await insertUserIfNew({ email: late.toUpperCase(), name: "Quick", passwordHash: "x" });
    await expect(confirmEmailChange(actorOf(user), user.id, lateToken, BASE)).rejects.toMatchObject({ code: "conflict" });
  });

  it("a pending change can be cancelled, and expires after its day", async () => {
    const user = await person();
    const next = freshAddress();
    await requestEmailChange(actorOf(user), user, { email: next, password: PASSWORD }, BASE);
    const token = await linkTokenIn(next, "/account/confirm-email");
    await cancelEmailChange(actorOf(user), user.id);
    expect(await findPendingEmailChange(user.id)).toBeUndefined();
    await expect(confirmEmailChange(actorOf(user), user.id, token, BASE)).rejects.toMatchObject({ code: "conflict" });

    await requestEmailChange(actorOf(user), user, { email: next, password: PASSWORD }, BASE);
    const again = await linkTokenIn(next, "/account/confirm-email");
    await expireTokens(user.id, "email_change");
    await expect(confirmEmailChange(actorOf(user), user.id, again, BASE)).rejects.toMatchObject({
      message: expect.stringContaining("expired"),
    });
    expect((await userRow(user.id)).email).toBe(user.email);
  });
});
