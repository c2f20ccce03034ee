"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import { useFormSubmit } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";

/** "Create an organisation": one name, then the new organisation becomes the current account. */
export function CreateOrganizationForm({ action }: { action: (formData: FormData) => Promise<ActionResult> }) {
  const router = useRouter();
  const [state, onSubmit, pending] = useFormSubmit(async (_previous: ActionResult | null, formData: FormData) => {
    const result = await action(formData);
    if (result.ok) {
      toast.success(`${String(formData.get("name")).trim()} created; you are its owner.`);
      router.refresh();
    }
    return result;
  });
  const failed = state && !state.ok ? state : null;
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
