"use client";

import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/field";
import { useFormSubmit } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";

export function AcceptInvitationForm({
  token,
  action,
}: {
  token: string;
  action: (formData: FormData) => Promise<ActionResult>;
}) {
  const [state, onSubmit, pending] = useFormSubmit((_previous: ActionResult | null, formData: FormData) => action(formData));
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <FormAlert message={state && !state.ok ? state.error : null} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Joining…" : "Accept invitation"}
      </Button>
    </form>
  );
}
