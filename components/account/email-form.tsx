"use client";

import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormAlert, inputClasses } from "@/components/ui/field";
import { useActionRun } from "@/components/ui/use-action-run";
import { useSavingForm } from "@/components/ui/use-form-submit";
import { When } from "@/components/ui/when";
import type { ActionResult } from "@/lib/http/server-action";

interface PendingChange {
  email: string;
  expiresAt: Date;
}

/**
 * The address the person signs in with. A new one changes nothing until the link mailed to it is opened; the change
 * waiting for that is shown with a way to cancel it.
 */
export function EmailForm({
  email,
  pending: waiting,
  request,
  cancel,
}: {
  email: string;
  pending: PendingChange | null;
  request: (formData: FormData) => Promise<ActionResult>;
  cancel: (input: Record<string, never>) => Promise<ActionResult>;
}) {
  const form = useRef<HTMLFormElement>(null);
  const { failed, onSubmit, pending } = useSavingForm(
    request,
    (formData) => `Confirmation link sent to ${String(formData.get("email")).trim()}`,
    () => form.current?.reset(),
  );
  const cancelling = useActionRun();
  const errors = failed?.fieldErrors;
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-700">
        You sign in with <span className="font-medium break-all">{email}</span>. Mail about your accounts goes there.
      </p>
      {waiting && (
        <div className="space-y-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          <FormAlert message={cancelling.error} />
          <p>
            Waiting for you to open the link sent to <span className="font-medium break-all">{waiting.email}</span>. It works
            until <When date={waiting.expiresAt} show="datetime" />; your address stays as it is until then.
          </p>
          <Button
            variant="secondary"
            size="sm"
            disabled={cancelling.pending}
            onClick={() => cancelling.run(() => cancel({}), "Email change cancelled")}
          >
            {cancelling.pending ? "Cancelling…" : "Cancel change"}
          </Button>
        </div>
      )}
      <form ref={form} onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
        <FormAlert message={failed && !errors ? failed.error : null} />
        <Field label="New email address" errors={errors?.email}>
          {(props) => <input {...props} name="email" type="email" autoComplete="email" className={inputClasses} />}
        </Field>
        <Field label="Current password" hint="To prove it is you asking." errors={errors?.password}>
          {(props) => (
            <input {...props} name="password" type="password" autoComplete="current-password" className={inputClasses} />
          )}
        </Field>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Sending…" : "Send confirmation link"}
        </Button>
      </form>
    </div>
  );
}
