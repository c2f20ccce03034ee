import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "./field-errors";
import {
  adminDeleteClientSchema,
  changeEmailSchema,
  changeNameSchema,
  changePasswordSchema,
  deleteAccountSchema,
  forgotPasswordSchema,
  resetPasswordSchema,
} from "./profile";

const errorsOf = (result: { success: boolean; error?: unknown }) =>
  result.success ? {} : fieldErrorsOf(result.error as Parameters<typeof fieldErrorsOf>[0]);

describe("the account's forms", () => {
  it("a name follows sign-up's rules", () => {
    expect(changeNameSchema.parse({ name: "  Ada Lovelace " })).toEqual({ name: "Ada Lovelace" });
    expect(errorsOf(changeNameSchema.safeParse({ name: "  " })).name).toEqual(["Name is required."]);
    expect(errorsOf(changeNameSchema.safeParse({ name: "x".repeat(101) })).name).toEqual(["Name is too long."]);
  });

  it("a new password follows sign-up's rules and must be typed twice alike", () => {
    const ok = { currentPassword: "old", newPassword: "a-long-new-one", confirmPassword: "a-long-new-one" };
    expect(changePasswordSchema.parse(ok)).toEqual(ok);
    expect(
      errorsOf(changePasswordSchema.safeParse({ ...ok, newPassword: "short", confirmPassword: "short" })).newPassword,
    ).toEqual(["Password must be at least 10 characters."]);
    expect(errorsOf(changePasswordSchema.safeParse({ ...ok, confirmPassword: "a-long-new-on" })).confirmPassword).toEqual([
      "The two passwords differ.",
    ]);
    expect(errorsOf(changePasswordSchema.safeParse({ ...ok, currentPassword: "" })).currentPassword).toEqual([
      "Enter your current password.",
    ]);
    const token = "A".repeat(43);
    expect(
      resetPasswordSchema.safeParse({ token, newPassword: "a-long-new-one", confirmPassword: "a-long-new-one" }).success,
    ).toBe(true);
    expect(
      errorsOf(resetPasswordSchema.safeParse({ token: "x", newPassword: "a-long-new-one", confirmPassword: "a-long-new-one" }))
        .token,
    ).toEqual(["This link is not valid."]);
  });

  it("an email is trimmed and lowercased, as at sign-up, and extra fields are refused", () => {
    expect(changeEmailSchema.parse({ email: " New@Example.COM ", password: "pw" })).toEqual({
      email: "new@example.com",
      password: "pw",
    });
    expect(errorsOf(changeEmailSchema.safeParse({ email: "not an address", password: "pw" })).email).toEqual([
      "Enter a valid email address.",
    ]);
    expect(changeEmailSchema.safeParse({ email: "a@b.co", password: "pw", userId: "someone else" }).success).toBe(false);
    expect(forgotPasswordSchema.parse({ email: "ME@x.io" })).toEqual({ email: "me@x.io" });
  });

  it("deleting asks for something typed and the password; an admin's for the client", () => {
    expect(errorsOf(deleteAccountSchema.safeParse({ confirmation: " ", password: "" }))).toEqual({
      confirmation: ["Type your email address to confirm."],
      password: ["Enter your current password."],
    });
    expect(adminDeleteClientSchema.safeParse({ clientId: "nope", confirmation: "Acme" }).success).toBe(false);
  });
});
