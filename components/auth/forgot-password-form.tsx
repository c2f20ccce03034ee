"use client";

import { Button } from "@/components/ui/button";
import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import { useFormSubmit } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";

type Answer = ActionResult<{ message: string }>;

/** One field; the answer is the same whether or not the address has an account. */
export function ForgotPasswordForm({ action }: { action: (previous: Answer | null, formData: FormData) => Promise<Answer> }) {
  const [state, onSubmit, pending] = useFormSubmit(action);
  if (state?.ok) {
    return (
      <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200">
        {state.message}
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert message={state && !state.ok && !state.fieldErrors ? state.error : null} />
      <Field label="Email" errors={state && !state.ok ? state.fieldErrors?.email : undefined}>
        {(props) => <input {...props} name="email" type="email" autoComplete="email" className={inputClasses} required />}
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Send reset link"}
      </Button>
    </form>
  );
}
