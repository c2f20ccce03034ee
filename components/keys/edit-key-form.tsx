"use client";

import { toast } from "sonner";
import { FormAlert } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { useFormSubmit } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";
import type { FormAction } from "./key-actions";
import { KeySettingsFields, type KeySettingsDefaults, type PlanBounds } from "./key-settings-fields";
import type { ScopeOption } from "@/lib/scopes";

interface EditKeyFormProps {
  keyId: string;
  scopeOptions: ScopeOption[];
  /** The account's plan: the form offers no more than it allows. */
  plan?: PlanBounds;
  defaults: KeySettingsDefaults;
  /** The client's own update, or an admin's acting for a client (with the client's id in hiddenFields). */
  action: FormAction;
  hiddenFields?: Record<string, string>;
}

export function EditKeyForm({ keyId, scopeOptions, defaults, action, hiddenFields = {}, plan }: EditKeyFormProps) {
  const [state, onSubmit, pending] = useFormSubmit(async (_previous: ActionResult | null, formData: FormData) => {
    const result = await action(formData);
    if (result.ok) toast.success("Key settings saved");
    return result;
  });
  const failed = state && !state.ok ? state : null;
  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <input type="hidden" name="keyId" value={keyId} />
      {Object.entries(hiddenFields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormAlert message={failed?.error} />
      <KeySettingsFields scopeOptions={scopeOptions} defaults={defaults} errors={failed?.fieldErrors} editing plan={plan} />
      <div className="flex justify-end border-t border-zinc-100 pt-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}
