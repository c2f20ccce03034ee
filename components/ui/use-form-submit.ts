"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useStepUp } from "@/components/auth/step-up";
import type { ActionResult } from "@/lib/http/server-action";

/**
 * useActionState, submitted from onSubmit instead of the form's action prop. React resets a form after its action
 * runs, which would wipe everything the user typed whenever the server refuses the input; this keeps it. A refusal that
 * asks for step-up is answered in a dialog and the same submission sent again (components/auth/step-up.tsx).
 */
export function useFormSubmit<State>(action: (previous: State | null, formData: FormData) => Promise<State>) {
  const stepUp = useStepUp();
  const [state, dispatch, pending] = useActionState(
    (previous: State | null, formData: FormData) => stepUp(() => action(previous, formData)),
    null,
  );
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  }
  return [state, onSubmit, pending] as const;
}

/**
 * A form that saves through a server action, the way the dashboard's forms do: on success `onSaved` (for what the form
 * itself must do: empty a field, close its dialog), a toast saying `saved`, and a fresh page; `failed` is the refusal
 * to show beside the fields. The typed input stays when the server refuses it (see useFormSubmit).
 */
export function useSavingForm<T extends object = object>(
  save: (formData: FormData) => Promise<ActionResult<T>>,
  saved: string | ((formData: FormData) => string),
  onSaved?: (result: { ok: true } & T, formData: FormData) => void,
) {
  const router = useRouter();
  const [state, onSubmit, pending] = useFormSubmit(async (_previous: ActionResult<T> | null, formData: FormData) => {
    const result = await save(formData);
    if (result.ok) {
      onSaved?.(result, formData);
      toast.success(typeof saved === "string" ? saved : saved(formData));
      router.refresh();
    }
    return result;
  });
  const failed = state && !state.ok ? state : null;
  return { failed, onSubmit, pending };
}
