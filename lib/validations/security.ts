import { z } from "zod";
import type { IdentityProof } from "@/lib/auth/confirm-identity";

// The forms of /account/security and the step-up dialog.

const code = z.string().trim().max(40, "That is not a code.");

/** The password, or (with two-factor sign-in on) a code from the app or a recovery code: whichever was given. */
export const identityProofSchema = z
  .object({
    password: z.string().max(200, "Password is too long.").optional(),
    code: code.optional(),
  })
  .transform((value, context): IdentityProof => {
    if (value.password) return { password: value.password };
    if (value.code) return { code: value.code };
    context.addIssue({ code: "custom", path: ["password"], message: "Enter your password." });
    return z.NEVER;
  });

export const confirmEnrolmentSchema = z.object({ code: code.min(1, "Enter the code your app shows.") });

export const sessionTargetSchema = z.object({ sessionId: z.uuid() });

export const noInputSchema = z.object({});
