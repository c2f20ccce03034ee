import { z } from "zod";
import { emailField, nameField, newPasswordField } from "./account";
import { text } from "./text";

// A person's own sign-in details: name, password, email, deletion; and the visitor's password reset.

/** The password the person has now, asked before a change that matters: any string a sign-in would take. */
const currentPassword = z
  .string({ error: "Enter your current password." })
  .min(1, "Enter your current password.")
  .max(200, "Password is too long.");

/** A one-time link's token: 32 random bytes in base64url. Anything else names no token and is refused unread. */
export const oneTimeTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid.");

export const changeNameSchema = z.object({ name: nameField }).strict();

const newPasswordPair = { newPassword: newPasswordField, confirmPassword: z.string().max(200) };
const sameTwice = (value: { newPassword: string; confirmPassword: string }) => value.newPassword === value.confirmPassword;
const differ = { path: ["confirmPassword"], message: "The two passwords differ." };

export const changePasswordSchema = z
  .object({ currentPassword, ...newPasswordPair })
  .strict()
  .refine(sameTwice, differ);

export const resetPasswordSchema = z
  .object({ token: oneTimeTokenSchema, ...newPasswordPair })
  .strict()
  .refine(sameTwice, differ);

export const changeEmailSchema = z.object({ email: emailField, password: currentPassword }).strict();

export const confirmEmailSchema = z.object({ token: oneTimeTokenSchema }).strict();

export const forgotPasswordSchema = z.object({ email: emailField }).strict();

export const deleteAccountSchema = z
  .object({
    confirmation: text().trim().min(1, "Type your email address to confirm.").max(254, "Type your email address to confirm."),
    password: currentPassword,
  })
  .strict();

export const adminDeleteClientSchema = z
  .object({
    clientId: z.uuid({ error: "Client not found." }),
    confirmation: text().trim().min(1, "Type the client's name to confirm.").max(200, "Type the client's name to confirm."),
  })
  .strict();

export type ChangePasswordInput = z.output<typeof changePasswordSchema>;
export type ChangeEmailInput = z.output<typeof changeEmailSchema>;
export type DeleteAccountInput = z.output<typeof deleteAccountSchema>;
