"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import { useSavingForm } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";

export function AddScopeForm({ addScope }: { addScope: (formData: FormData) => Promise<ActionResult> }) {
  const { failed, onSubmit, pending } = useSavingForm(addScope, "Scope added");
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert message={failed?.error} />
      <Field label="Name" hint="resource:action, lowercase (for example invoices:read)" errors={failed?.fieldErrors?.name}>
        {(props) => <input {...props} name="name" className={`${inputClasses} font-mono`} autoComplete="off" />}
      </Field>
      <Field label="Description" errors={failed?.fieldErrors?.description}>
        {(props) => <input {...props} name="description" className={inputClasses} />}
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="adminOnly" className="accent-zinc-900" />
        Admin-only (clients can never grant it)
      </label>
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add scope"}
        </Button>
      </div>
    </form>
  );
}

export function DeprecateScopeButton({
  name,
  deprecated,
  setDeprecated,
}: {
  name: string;
  deprecated: boolean;
  setDeprecated: (input: { name: string; deprecated: string }) => Promise<ActionResult>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      size="sm"
      variant="secondary"
      className="shrink-0"
      disabled={pending}
      aria-label={`${deprecated ? "Restore" : "Deprecate"} ${name}`}
      onClick={() =>
        startTransition(async () => {
          const result = await setDeprecated({ name, deprecated: String(!deprecated) });
          if (!result.ok) return void toast.error(result.error);
          toast.success(deprecated ? "Scope restored" : "Scope deprecated");
          router.refresh();
        })
      }
    >
      {deprecated ? "Restore" : "Deprecate"}
    </Button>
  );
}
