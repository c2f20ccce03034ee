"use client";

import { type FormEvent, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";
import type { ActionResult } from "@/lib/http/server-action";

/** Deleting an organisation: the owner types its name, because every key stops working at once. */
export function CloseAccount({
  accountName,
  liveKeys,
  action,
}: {
  accountName: string;
  liveKeys: number;
  action: (formData: FormData) => Promise<ActionResult>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ message: string; fields?: FieldErrors } | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await action(formData);
      if (!result.ok) return setError({ message: result.error, fields: result.fieldErrors });
      setOpen(false);
      toast.success(`${accountName} was deleted.`);
      router.push("/keys");
      router.refresh();
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setError(null);
      }}
    >
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
          <FormAlert message={error?.fields ? undefined : error?.message} />
          <Field label={`Type ${accountName} to confirm`} errors={error?.fields?.confirmation}>
            {(props) => <input {...props} name="confirmation" autoComplete="off" className={inputClasses} />}
          </Field>
          <div className="flex flex-col-reverse gap-2 border-t border-zinc-100 pt-4 sm:flex-row sm:justify-end">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={pending}>
              {pending ? "Deleting…" : "Delete organisation"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
