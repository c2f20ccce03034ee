"use client";

import { useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions, DialogContent } from "@/components/ui/dialog";
import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";
import type { ActionResult } from "@/lib/http/server-action";
import { useStepUp } from "@/components/auth/step-up";
import { RecoveryCodesReveal } from "./recovery-codes-reveal";

export interface EnrolActions {
  start: (input: Record<string, string>) => Promise<ActionResult<{ secret: string; qrDataUrl: string }>>;
  confirm: (input: Record<string, string>) => Promise<ActionResult<{ recoveryCodes: string[] }>>;
}

/**
 * Turning two-factor sign-in on: a new secret as a QR code and as text, a code from the app to show it was added
 * (nothing is on before that), then the recovery codes, once.
 */
export function EnrolTwoFactor({ actions }: { actions: EnrolActions }) {
  const router = useRouter();
  const stepUp = useStepUp();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [enrolment, setEnrolment] = useState<{ secret: string; qrDataUrl: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<{ message: string; fields?: FieldErrors } | null>(null);

  // Setting up a second factor is step-up's to guard (someone at an unlocked browser could otherwise lock the owner
  // out with a factor of their own): asked before the enrolment dialog opens, so that the two never stack.
  function begin() {
    setError(null);
    startTransition(async () => {
      const result = await stepUp(() => actions.start({}));
      if (!result.ok && "stepUp" in result) {
        toast.error(result.error);
        return;
      }
      setOpen(true);
      if (!result.ok) return setError({ message: result.error });
      setEnrolment({ secret: result.secret, qrDataUrl: result.qrDataUrl });
    });
  }

  function close() {
    setOpen(false);
    setEnrolment(null);
    setError(null);
    if (codes) {
      setCodes(null);
      toast.success("Two-factor sign-in is on");
      router.refresh();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    startTransition(async () => {
      const result = await actions.confirm({ code });
      if (!result.ok) return setError({ message: result.error, fields: result.fieldErrors });
      setError(null);
      setEnrolment(null);
      setCodes(result.recoveryCodes);
    });
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? begin() : close())}>
      <Button onClick={begin}>Set up two-factor sign-in</Button>
      {codes ? (
        <RecoveryCodesReveal title="Save your recovery codes" codes={codes} onDone={close} />
      ) : (
        <DialogContent
          title="Set up two-factor sign-in"
          description="Scan the QR code with an authenticator app (1Password, Google Authenticator, Authy…), then enter the code it shows."
        >
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            <FormAlert message={error?.message} />
            {enrolment ? (
              <>
                <div className="flex flex-col items-center gap-3 sm:flex-row sm:items-start">
                  {/* biome-ignore lint/performance/noImgElement: a data URL drawn on the server; nothing for next/image to do. */}
                  <img
                    src={enrolment.qrDataUrl}
                    alt="QR code to add Latchkey to an authenticator app"
                    width={160}
                    height={160}
                    className="size-40 shrink-0 rounded-md ring-1 ring-zinc-200"
                  />
                  <div className="min-w-0 text-sm text-zinc-600">
                    <p>Cannot scan it? Enter this key in the app instead (time-based, 6 digits):</p>
                    <p
                      className="mt-2 rounded-md bg-zinc-50 px-2 py-1.5 font-mono text-sm break-all text-zinc-900 ring-1 ring-zinc-200 ring-inset"
                      data-testid="totp-secret"
                    >
                      {enrolment.secret}
                    </p>
                  </div>
                </div>
                <Field label="Code from the app" errors={error?.fields?.code}>
                  {(props) => (
                    <input
                      {...props}
                      name="code"
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      className={inputClasses}
                      required
                    />
                  )}
                </Field>
                <DialogActions confirm="Turn on" pendingLabel="Checking…" pending={pending} />
              </>
            ) : (
              !error && <p className="text-sm text-zinc-600">Making a new key…</p>
            )}
          </form>
        </DialogContent>
      )}
    </Dialog>
  );
}
