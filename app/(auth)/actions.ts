"use server";

import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { signIn } from "@/auth";
import { throttledSignUp, type SignUpOutcome } from "@/lib/auth/throttled-sign-up";
import { clientIp } from "@/lib/http/client-ip";
import { formDataToObject, type ActionResult } from "@/lib/http/server-action";
import { safeCallbackPath, signInSchema, signUpSchema } from "@/lib/validations/account";
import { fieldErrorsOf } from "@/lib/validations/field-errors";

// Sign-in and sign-up are the two actions open to visitors; everything else goes through authedAction.

/** `needsCode`: the password was right and two-factor sign-in is on; the form asks for a code and posts all three. */
export type SignInResult = ActionResult & { needsCode?: boolean };

export async function signInAction(_previous: SignInResult | null, formData: FormData): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  const { email, password, code, callbackUrl } = parsed.data;
  try {
    // Without a page asked for, "/" sends each person where they start (app/page.tsx).
    await signIn("credentials", { email, password, ...(code ? { code } : {}), redirectTo: safeCallbackPath(callbackUrl, "/") });
    return { ok: true };
  } catch (error) {
    // A successful sign-in ends in a redirect, which Next.js implements by throwing: let it through.
    if (error instanceof AuthError) {
      const failure = (error as { code?: string }).code;
      // Not an error: the form's next step, which says what to enter.
      if (failure === "two_factor") return { ok: false, error: "", needsCode: true };
      if (failure === "wrong_code") return { ok: false, error: "Wrong code.", needsCode: true };
      return { ok: false, error: signInFailureMessage(error) };
    }
    throw error;
  }
}

const BUSY_MESSAGE = "The service is busy; try again in a moment.";

function signInFailureMessage(error: AuthError): string {
  const code = (error as { code?: string }).code;
  if (code === "throttled") return "Too many failed attempts. Wait a few minutes before trying again.";
  if (code === "busy") return BUSY_MESSAGE;
  if (code === "suspended")
    return "Your account is suspended, so you cannot sign in to it. Ask the platform's administrators to reactivate it.";
  return "Wrong email or password.";
}

export async function signUpAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const parsed = signUpSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  const { name, email, password, callbackUrl } = parsed.data;
  const outcome = await throttledSignUp({ name, email, password }, clientIp(await headers()));
  if (!outcome.ok) return signUpFailure(outcome);
  try {
    await signIn("credentials", { email, password, redirectTo: safeCallbackPath(callbackUrl) });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError)
      return { ok: false, error: "Your account was created, but signing in failed. Try signing in." };
    throw error;
  }
}

function signUpFailure(outcome: Exclude<SignUpOutcome, { ok: true }>): ActionResult {
  switch (outcome.reason) {
    case "email_taken":
      return {
        ok: false,
        error: "Check the highlighted fields.",
        fieldErrors: { email: ["An account with this email already exists."] },
      };
    case "throttled": {
      const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
      return {
        ok: false,
        error: `Too many sign-ups from this address. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`,
      };
    }
    case "busy":
      return { ok: false, error: BUSY_MESSAGE };
  }
}
