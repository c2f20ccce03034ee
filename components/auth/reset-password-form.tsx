"use client";

import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/field";
import { useFormSubmit } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";
import { NewPasswordFields } from "@/components/auth/new-password-fields";

/** The new password twice; on success the action sends the person to sign in with it. */
export function ResetPasswordForm({
  token,
  action,
}: {
  token: string;
  action: (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;
}) {
  const [state, onSubmit, pending] = useFormSubmit(action);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormAlert message={state && !state.ok && !errors ? state.error : null} />
      <NewPasswordFields errors={errors} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
