"use client";

import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { useFormSubmit } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";

type AuthAction = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

interface AuthFormProps {
  action: AuthAction;
  mode: "sign-in" | "sign-up";
  callbackUrl?: string;
}

export function AuthForm({ action, mode, callbackUrl }: AuthFormProps) {
  const [state, onSubmit, pending] = useFormSubmit(action);
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
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? (signingUp ? "Creating account…" : "Signing in…") : signingUp ? "Create account" : "Sign in"}
      </Button>
    </form>
  );
}
