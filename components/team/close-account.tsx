"use client";

import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { HiddenFields } from "@/components/ui/hidden-fields";
import { useDialogAction } from "@/components/ui/use-dialog-action";
import { Dialog, DialogActions, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/server-action";

/** Deleting an organisation: the owner types its name, because every key stops working at once. */
export function CloseAccount({
  accountName,
  liveKeys,
  action,
  fields,
}: {
  accountName: string;
  liveKeys: number;
  action: (formData: FormData) => Promise<ActionResult>;
  /** Sent with every change: the account the page shows (lib/http/server-action.ts refuses another). */
  fields?: Record<string, string>;
}) {
  const { open, setOpen, pending, error, run } = useDialogAction();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    run(
      () => action(formData),
      () => ({ message: `${accountName} was deleted.`, redirectTo: "/keys" }),
    );
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="danger" size="md">
          Delete organisation
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Delete ${accountName}?`}
        description={`Its ${liveKeys} working key${liveKeys === 1 ? "" : "s"} stop working at once, everywhere; every member loses access, open invitations stop working and service accounts are retired. Its usage and audit trail are kept for the platform's records. This cannot be undone.`}
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <HiddenFields fields={fields} />
          <FormAlert message={error?.fields ? undefined : error?.message} />
          <Field label={`Type ${accountName} to confirm`} errors={error?.fields?.confirmation}>
            {(props) => <input {...props} name="confirmation" autoComplete="off" className={inputClasses} />}
          </Field>
          <DialogActions confirm="Delete organisation" pendingLabel="Deleting…" pending={pending} variant="danger" divided />
        </form>
      </DialogContent>
    </Dialog>
  );
}
