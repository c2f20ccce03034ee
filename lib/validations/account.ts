import { z } from "zod";
import { text } from "./text";

export const emailField = z
  .string({ error: "Email is required." })
  .trim()
  .toLowerCase()
  .pipe(
    z
      .email({ error: "Enter a valid email address." })
      .max(254, "Email is too long.")
      // .invalid never receives mail (RFC 2606), and a deleted person's row keeps an address there
      // (deleted-<id>@deleted.invalid): one taken by a sign-up would block that person's deletion.
      .refine((email) => !email.endsWith(".invalid"), "Enter an address that can receive mail."),
  );

export const signInSchema = z.object({
  email: emailField,
  password: z.string({ error: "Password is required." }).min(1, "Password is required.").max(200, "Password is too long."),
  // The second step for a person with two-factor sign-in: a code from the app, or a recovery code.
  code: z
    .string()
    .trim()
    .max(40, "That is not a code.")
    .optional()
    .transform((value) => value || undefined),
  callbackUrl: z.string().optional(),
});

/** The rules for a new password, wherever one is chosen: sign-up, a change, a reset. */
export const newPasswordField = z
  .string({ error: "Password is required." })
  .min(10, "Password must be at least 10 characters.")
  .max(200, "Password must be at most 200 characters.");

export const nameField = text("Name is required.").trim().min(1, "Name is required.").max(100, "Name is too long.");

export const signUpSchema = z.object({
  name: nameField,
  email: emailField,
  password: newPasswordField,
  callbackUrl: z.string().optional(),
});

/** Only same-site paths are followed after sign-in, so a crafted link cannot send a user elsewhere. */
export function safeCallbackPath(candidate: string | undefined | null, fallback = "/keys"): string {
  if (!candidate?.startsWith("/") || candidate.startsWith("//") || candidate.includes("\\")) return fallback;
  try {
    const url = new URL(candidate, "http://local.invalid");
    if (url.origin !== "http://local.invalid") return fallback;
    // Dot segments can collapse to a leading "//" ("/.//evil.com"), which a browser reads as another host.
    if (url.pathname.startsWith("//")) return fallback;
    return url.pathname + url.search;
  } catch {
    return fallback;
  }
}
