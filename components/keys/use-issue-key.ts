"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useStepUp } from "@/components/auth/step-up";
import { useOnceTransition } from "@/components/ui/use-once";
import type { FieldErrors } from "@/lib/errors";
import type { RevealedKey } from "./reveal-key-dialog";

type IssueResult = { ok: true; keyName: string; secret: string } | { ok: false; error: string; fieldErrors?: FieldErrors };

/**
 * The state of a dialog that issues a secret (generate, roll): its errors, then the secret to reveal. Plain state
 * rather than useActionState, because action state would outlive the dialog and keep the secret in memory. One
 * form makes one key however often it is submitted (useOnce).
 */
export type IssueAction = (formData: FormData) => Promise<IssueResult>;

export function useIssueKey(action: IssueAction) {
  const router = useRouter();
  const stepUp = useStepUp();
  const [error, setError] = useState<{ message: string; fields?: FieldErrors } | null>(null);
  const [revealed, setRevealed] = useState<RevealedKey | null>(null);
  const { pending, run, renew } = useOnceTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    run(async (token) => {
      formData.set("submission", token);
      // A live key may need step-up: the retry sends the same form, token and all, so one key is made.
      const result = await stepUp(() => action(formData));
      if (!result.ok) return setError({ message: result.error, fields: result.fieldErrors });
      setError(null);
      setRevealed({ keyName: result.keyName, secret: result.secret });
    });
  }

  // The list refreshes only once the reveal closes: refreshing earlier can re-render the page around the dialog
  // (a first key replaces the empty state) and unmount it, secret and all, before it was copied.
  function reset() {
    if (revealed) {
      renew();
      router.refresh();
    }
    setError(null);
    setRevealed(null);
  }

  return { pending, error, revealed, onSubmit, reset };
}
