"use client";

import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import { HiddenFields } from "@/components/ui/hidden-fields";
import { useDialogAction } from "@/components/ui/use-dialog-action";
import type { ActionResult } from "@/lib/http/server-action";

/**
 * Deleting for good, behind a dialog that says what stops working and asks for the name to be typed: the person's
 * email and password (their own account), or the client's name (an admin deleting a client).
 */
export function DeleteAccountDialog({
  trigger,
  title,
  consequence,
  confirmLabel,
  confirmHint,
  askPassword,
  action,
  fields,
  done,
  redirectTo,
}: {
  trigger: string;
  title: string;
  consequence: string;
  /** The label of the field to type into: "Type your email address, x, to confirm". */
  confirmLabel: string;
  confirmHint?: string;
  askPassword: boolean;
  action: (formData: FormData) => Promise<ActionResult>;
  fields?: Record<string, string>;
  done: string;
  redirectTo: string;
}) {
  const { open, setOpen, pending, error, run } = useDialogAction();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    run(
      () => action(formData),
      () => ({ message: done, redirectTo }),
    );
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="danger" size="md">
          {trigger}
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description={consequence}>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <HiddenFields fields={fields} />
          <FormAlert message={error?.fields ? undefined : error?.message} />
          <Field label={confirmLabel} hint={confirmHint} errors={error?.fields?.confirmation}>
            {(props) => <input {...props} name="confirmation" autoComplete="off" spellCheck={false} className={inputClasses} />}
          </Field>
          {askPassword && (
            <Field label="Your password" errors={error?.fields?.password}>
              {(props) => (
                <input {...props} name="password" type="password" autoComplete="current-password" className={inputClasses} />
              )}
            </Field>
          )}
          <DialogActions confirm={trigger} pendingLabel="Deleting…" pending={pending} variant="danger" divided />
        </form>
      </DialogContent>
    </Dialog>
  );
}
