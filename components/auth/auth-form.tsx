"use client";

import { useRef } from "react";
import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { useFormSubmit } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";
import { AuthenticationCodeField } from "./identity-proof-fields";

type AuthResult = ActionResult & { needsCode?: boolean };
type AuthAction = (previous: AuthResult | null, formData: FormData) => Promise<AuthResult>;

interface AuthFormProps {
  action: AuthAction;
  mode: "sign-in" | "sign-up";
  callbackUrl?: string;
}

export function AuthForm({ action, mode, callbackUrl }: AuthFormProps) {
  const [state, onSubmit, pending] = useFormSubmit(action);
  // Once the password was right and a code is asked for, the form stays at that step: the email and password stay in
  // their (hidden) fields and are posted again with the code, so no half-signed-in state exists on the server.
  const codeStep = useRef(false);
  if (state && !state.ok && state.needsCode) codeStep.current = true;
  const askingCode = codeStep.current;
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const signingUp = mode === "sign-up";
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <FormAlert message={state && !state.ok ? state.error : null} />
      {signingUp && (
        <Field label="Name" errors={errors?.name}>
          {(props) => <input {...props} name="name" autoComplete="name" className={inputClasses} required />}
        </Field>
      )}
      <div className={askingCode ? "hidden" : "space-y-4"}>
        <Field label="Email" errors={errors?.email}>
          {(props) => <input {...props} name="email" type="email" autoComplete="email" className={inputClasses} required />}
        </Field>
        <Field label="Password" hint={signingUp ? "At least 10 characters." : undefined} errors={errors?.password}>
          {(props) => (
            <input
              {...props}
              name="password"
              type="password"
              autoComplete={signingUp ? "new-password" : "current-password"}
              className={inputClasses}
              required
            />
          )}
        </Field>
      </div>
      {askingCode && (
        <p className="text-sm text-zinc-700">Two-factor sign-in is on for this account: enter a code to finish signing in.</p>
      )}
      {/* The one field of this step, shown once the password was accepted: typing goes straight into it. */}
      {askingCode && <AuthenticationCodeField errors={errors} autoFocus />}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending
          ? signingUp
            ? "Creating account…"
            : "Signing in…"
          : signingUp
            ? "Create account"
            : askingCode
              ? "Verify"
              : "Sign in"}
      </Button>
    </form>
  );
}
