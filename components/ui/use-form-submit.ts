"use client";

import { startTransition, useActionState, type FormEvent } from "react";

/**
 * useActionState, submitted from onSubmit instead of the form's action prop. React resets a form after its action
 * runs, which would wipe everything the user typed whenever the server refuses the input; this keeps it.
 */
export function useFormSubmit<State>(action: (previous: State | null, formData: FormData) => Promise<State>) {
  const [state, dispatch, pending] = useActionState(action, null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  }
  return [state, onSubmit, pending] as const;
}
