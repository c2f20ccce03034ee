"use client";

import { Button } from "@/components/ui/button";
import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import { useSavingForm } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";

/** The name shown to the person's teams and in the header. */
export function NameForm({ name, action }: { name: string; action: (formData: FormData) => Promise<ActionResult> }) {
  const { failed, onSubmit, pending } = useSavingForm(action, "Name saved");
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
      <div className="flex-1">
        <Field label="Name" errors={failed?.fieldErrors?.name}>
          {(props) => <input {...props} name="name" defaultValue={name} autoComplete="name" className={inputClasses} />}
        </Field>
      </div>
      <Button type="submit" variant="secondary" disabled={pending} className={failed?.fieldErrors?.name ? "sm:mb-6" : ""}>
        {pending ? "Saving…" : "Save name"}
      </Button>
      {failed && !failed.fieldErrors && <FormAlert message={failed.error} />}
    </form>
  );
}
