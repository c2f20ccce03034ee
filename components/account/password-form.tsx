"use client";

import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import { useSavingForm } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";
import { NewPasswordFields } from "@/components/auth/new-password-fields";

/** Current password, then the new one twice. Emptied once saved: no password stays in the page. */
export function PasswordForm({ action }: { action: (formData: FormData) => Promise<ActionResult> }) {
  const form = useRef<HTMLFormElement>(null);
  const { failed, onSubmit, pending } = useSavingForm(action, "Password changed", () => form.current?.reset());
  const errors = failed?.fieldErrors;
  return (
    <form ref={form} onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
      <FormAlert message={failed && !errors ? failed.error : null} />
      <Field label="Current password" errors={errors?.currentPassword}>
        {(props) => (
          <input {...props} name="currentPassword" type="password" autoComplete="current-password" className={inputClasses} />
        )}
      </Field>
      <NewPasswordFields errors={errors} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
