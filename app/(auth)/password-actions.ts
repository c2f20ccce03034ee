"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requestPasswordReset, resetPassword } from "@/lib/accounts/password-reset";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { publicOrigin } from "@/lib/http/public-origin";
import { formDataToObject, type ActionResult } from "@/lib/http/server-action";
import { userAgentOf } from "@/lib/http/user-agent";
import { forgotPasswordSchema, resetPasswordSchema } from "@/lib/validations/profile";
import { fieldErrorsOf } from "@/lib/validations/field-errors";

// A forgotten password: the two actions open to visitors beside sign-in and sign-up (app/(auth)/actions.ts). Neither
// signs anyone in.

/** The answer whether or not the address has an account. */
const RESET_SENT = "If an account exists for that address, we've sent a link to reset its password. It works for 30 minutes.";

export async function forgotPasswordAction(
  _previous: ActionResult<{ message: string }> | null,
  formData: FormData,
): Promise<ActionResult<{ message: string }>> {
  const parsed = forgotPasswordSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  const requestHeaders = await headers();
  const visitor = { ip: clientIp(requestHeaders), userAgent: userAgentOf(requestHeaders) };
  const outcome = await requestPasswordReset(parsed.data.email, visitor, await publicOrigin());
  if (!outcome.ok) {
    const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
    return { ok: false, error: `Too many requests. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.` };
  }
  return { ok: true, message: RESET_SENT };
}

export async function resetPasswordAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const parsed = resetPasswordSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  const requestHeaders = await headers();
  const visitor = { ip: clientIp(requestHeaders), userAgent: userAgentOf(requestHeaders) };
  try {
    await resetPassword(parsed.data.token, parsed.data.newPassword, visitor, await publicOrigin());
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    console.error("[latchkey] password reset failed", error);
    return { ok: false, error: "Something went wrong on our side. Nothing was changed; try again." };
  }
  // Nobody is signed in: the person signs in with the new password, which proves they know it.
  redirect("/sign-in?notice=password-reset");
}
