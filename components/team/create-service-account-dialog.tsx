"use client";

import { type FormEvent, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Field, FormAlert, inputClasses, selectClasses, textareaClasses } from "@/components/ui/field";
import type { MemberRole } from "@/db/schema";
import { ROLE_LABELS } from "@/lib/accounts/roles";
import type { FieldErrors } from "@/lib/errors";
import type { ActionResult } from "@/lib/http/server-action";

export type FormAction = (formData: FormData) => Promise<ActionResult>;

export function CreateServiceAccountDialog({ action, roles }: { action: FormAction; roles: readonly MemberRole[] }) {
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
      setError(null);
      setOpen(false);
      toast.success(`Service account ${String(formData.get("name")).trim()} created.`);
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
        <Button variant="secondary" size="sm">
          <span aria-hidden>+</span> New service account
        </Button>
      </DialogTrigger>
      <DialogContent
        title="New service account"
        description="A non-human member that holds keys for your machines, so that none depends on a person. Its role bounds what its keys may do."
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <FormAlert message={error?.message} />
          <Field label="Name" hint="For example: CI deploy" errors={error?.fields?.name}>
            {(props) => <input {...props} name="name" className={inputClasses} />}
          </Field>
          <Field label="Description (optional)" errors={error?.fields?.description}>
            {(props) => <textarea {...props} name="description" rows={2} className={textareaClasses} />}
          </Field>
          <Field label="Role" errors={error?.fields?.role}>
            {(props) => (
              <select {...props} name="role" defaultValue="developer" className={selectClasses}>
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {ROLE_LABELS[role]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="flex flex-col-reverse gap-2 border-t border-zinc-100 pt-4 sm:flex-row sm:justify-end">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create service account"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
