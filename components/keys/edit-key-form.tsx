"use client";

import { useActionState } from "react";
import { toast } from "sonner";
import { FormAlert } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/actions";
import { updateKeyAction } from "@/app/(dashboard)/keys/actions";
import { KeySettingsFields, type KeySettingsDefaults } from "./key-settings-fields";
import type { ScopeOption } from "./scope-picker";

interface EditKeyFormProps {
  keyId: string;
  scopeOptions: ScopeOption[];
  defaults: KeySettingsDefaults;
}

export function EditKeyForm({ keyId, scopeOptions, defaults }: EditKeyFormProps) {
  const [state, formAction] = useActionState(async (_previous: ActionResult | null, formData: FormData) => {
    const result = await updateKeyAction(formData);
    if (result.ok) toast.success("Key settings saved");
    return result;
  }, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <input type="hidden" name="keyId" value={keyId} />
      <FormAlert message={failed?.error} />
      <KeySettingsFields scopeOptions={scopeOptions} defaults={defaults} errors={failed?.fieldErrors} editing />
      <div className="flex justify-end border-t border-zinc-100 pt-4">
        <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
      </div>
    </form>
  );
}
