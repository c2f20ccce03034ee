import { printable } from "@/lib/format";

// The mails about a person's own sign-in details, in plain text like the event mails (lib/events/mail-content.ts).
// Each is queued in the transaction of the change it tells of. A link's token appears in the mail's body and nowhere
// else; the outbox admins read (/admin/mail) shows bodies, so an admin can see a link that is still open: the same
// trust as reading the server's log, where mail goes without SMTP_URL.

export interface AccountMail {
  toAddress: string;
  subject: string;
  textBody: string;
}

const SIGN_OFF = ["", "— Latchkey"];

/** `base`: where the app is served (PUBLIC_URL, or the request's origin); never ends in a slash. */
export function passwordResetMail(to: string, base: string, token: string, minutes: number): AccountMail {
  return {
    toAddress: to,
    subject: "[Latchkey] Reset your password",
    textBody: [
      "Someone asked to reset the password of the Latchkey account with this address.",
      "",
      `Choose a new password here (the link works once, within ${minutes} minutes):`,
      `${base}/reset-password/${token}`,
      "",
      "If it wasn't you, ignore this mail: your password stays as it is.",
      ...SIGN_OFF,
    ].join("\n"),
  };
}

export function passwordChangedMail(to: string, base: string, how: "changed" | "reset"): AccountMail {
  return {
    toAddress: to,
    subject: "[Latchkey] Your password was changed",
    textBody: [
      how === "reset"
        ? "The password of your Latchkey account was just reset with a link sent to this address."
        : "The password of your Latchkey account was just changed.",
      "",
      `If it wasn't you, reset it now: ${base}/forgot-password`,
      ...SIGN_OFF,
    ].join("\n"),
  };
}

export function confirmEmailMail(to: string, base: string, token: string, hours: number): AccountMail {
  return {
    toAddress: to,
    subject: "[Latchkey] Confirm your new email address",
    textBody: [
      "Someone asked to move a Latchkey account to this address.",
      "",
      `To confirm, open this link while signed in to that account (it works once, within ${hours} hours):`,
      `${base}/account/confirm-email/${token}`,
      "",
      "If it wasn't you, ignore this mail: nothing changes unless the link is opened.",
      ...SIGN_OFF,
    ].join("\n"),
  };
}

export function emailChangedMail(to: string, base: string, newEmail: string): AccountMail {
  return {
    toAddress: to,
    subject: "[Latchkey] Your email address was changed",
    textBody: [
      `The email address of your Latchkey account was changed to ${printable(newEmail)}. Mail about the account now goes there.`,
      "",
      `If it wasn't you, tell the platform's administrators at once; ${base}/sign-in no longer accepts this address.`,
      ...SIGN_OFF,
    ].join("\n"),
  };
}

export function accountDeletedMail(to: string, by: "self" | "admin"): AccountMail {
  return {
    toAddress: to,
    subject: "[Latchkey] Your account was deleted",
    textBody: [
      by === "self"
        ? "Your Latchkey account was deleted, as you asked."
        : "Your Latchkey account was deleted by the platform's administrators.",
      "Accounts you owned alone are closed and their keys no longer work; you have left the others.",
      "This address can be used to sign up again.",
      ...SIGN_OFF,
    ].join("\n"),
  };
}
