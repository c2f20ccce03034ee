"use client";
import { Button } from "@/components/ui/button";
import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import { useSavingForm } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";

/** "Create an organisation": one name, then the new organisation becomes the current account. */
export function CreateOrganizationForm({ action }: { action: (formData: FormData) => Promise<ActionResult> }) {
  const { failed, onSubmit, pending } = useSavingForm(
    action,
    (formData) => `${String(formData.get("name")).trim()} created; you are its owner.`,
  );
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
      <div className="flex-1">
        <Field label="Organisation name" errors={failed?.fieldErrors?.name}>
          {(props) => <input {...props} name="name" placeholder="Acme Inc." className={inputClasses} />}
        </Field>
      </div>
      <Button type="submit" disabled={pending} className={failed?.fieldErrors?.name ? "sm:mb-6" : ""}>
        {pending ? "Creating…" : "Create organisation"}
      </Button>
      {failed && !failed.fieldErrors && <FormAlert message={failed.error} />}
    </form>
  );
}
