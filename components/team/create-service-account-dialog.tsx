"use client";

import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { HiddenFields } from "@/components/ui/hidden-fields";
import { useDialogAction } from "@/components/ui/use-dialog-action";
import { Dialog, DialogActions, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Field, FormAlert, inputClasses, selectClasses, textareaClasses } from "@/components/ui/field";
import type { MemberRole } from "@/db/schema";
import { ROLE_LABELS } from "@/lib/accounts/roles";
import type { ActionResult } from "@/lib/http/server-action";

export type FormAction = (formData: FormData) => Promise<ActionResult>;

export function CreateServiceAccountDialog({
  action,
  roles,
  fields,
}: {
  action: FormAction;
  roles: readonly MemberRole[];
  /** Sent with every change: the account the page shows (lib/http/server-action.ts refuses another). */
  fields?: Record<string, string>;
}) {
  const { open, setOpen, pending, error, run } = useDialogAction();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    run(
      () => action(formData),
      () => ({ message: `Service account ${String(formData.get("name")).trim()} created.` }),
    );
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
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
          <HiddenFields fields={fields} />
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
          <DialogActions confirm="Create service account" pendingLabel="Creating…" pending={pending} divided />
        </form>
      </DialogContent>
    </Dialog>
  );
}
