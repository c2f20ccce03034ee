"use client";

import { createContext, useCallback, useContext, useRef, useState, type FormEvent } from "react";
import { Dialog, DialogActions, DialogContent } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/field";
import { IdentityProofFields } from "./identity-proof-fields";
import type { FieldErrors } from "@/lib/errors";
import type { ActionResult } from "@/lib/http/server-action";

/** Runs a server action's call; when the server asks for step-up, asks the person, then runs the same call again. */
export type StepUpGuard = <R>(call: () => Promise<R>) => Promise<R>;

const passThrough: StepUpGuard = (call) => call();
const StepUpContext = createContext<StepUpGuard>(passThrough);

function asksForStepUp(result: unknown): boolean {
  return typeof result === "object" && result !== null && (result as { stepUp?: unknown }).stepUp === true;
}

/**
 * The guard every caller of a server action runs its call through (useActionRun, useDialogAction, useFormSubmit and
 * the dialogs that issue secrets): outside the dashboard it only runs the call.
 */
export function useStepUp(): StepUpGuard {
  return useContext(StepUpContext);
}

interface StepUpProviderProps {
  /** Checks the password (or a code) and marks the session as just authenticated. */
  reauthenticate: (input: Record<string, unknown>) => Promise<ActionResult>;
  /** With two-factor sign-in on, a code from the app (or a recovery code) may be given instead of the password. */
  twoFactor: boolean;
  children: React.ReactNode;
}

/**
 * Step-up for the dashboard (lib/auth/step-up.ts). A sensitive action refused because the last sign-in is too old
 * answers `stepUp: true`; the guard then opens this dialog and, once the password is accepted, sends the very same
 * call again: the same input and the same submission token, so the form is never lost and a key is made once.
 */
export function StepUpProvider({ reauthenticate, twoFactor, children }: StepUpProviderProps) {
  const [waiting, setWaiting] = useState<((confirmed: boolean) => void) | null>(null);

  const guard = useCallback<StepUpGuard>(async (call) => {
    const first = await call();
    if (!asksForStepUp(first)) return first;
    const confirmed = await new Promise<boolean>((resolve) => setWaiting(() => resolve));
    setWaiting(null);
    // Cancelled: the refusal stands, and says why nothing was done.
    return confirmed ? call() : first;
  }, []);

  return (
    <StepUpContext.Provider value={guard}>
      {children}
      {waiting && <StepUpDialog reauthenticate={reauthenticate} twoFactor={twoFactor} onDone={waiting} />}
    </StepUpContext.Provider>
  );
}

function StepUpDialog({
  reauthenticate,
  twoFactor,
  onDone,
}: {
  reauthenticate: StepUpProviderProps["reauthenticate"];
  twoFactor: boolean;
  onDone: (confirmed: boolean) => void;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; fields?: FieldErrors } | null>(null);
  const settled = useRef(false);
  const finish = (confirmed: boolean) => {
    if (settled.current) return;
    settled.current = true;
    onDone(confirmed);
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    try {
      // The form holds whichever of the two is shown.
      const code = form.get("code");
      const result = await reauthenticate(
        code === null ? { password: String(form.get("password") ?? "") } : { code: String(code) },
      );
      if (result.ok) return finish(true);
      setError({ message: result.error, fields: result.fieldErrors });
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && finish(false)}>
      <DialogContent
        title="Confirm it is you"
        description="This change needs your password again, as you signed in a while ago. You will not be asked again for a while."
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <FormAlert message={error?.message} />
          <IdentityProofFields twoFactor={twoFactor} errors={error?.fields} autoFocus onSwitch={() => setError(null)} />
          <DialogActions confirm="Confirm and continue" pendingLabel="Checking…" pending={pending} />
        </form>
      </DialogContent>
    </Dialog>
  );
}
