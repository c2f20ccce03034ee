"use client";

import { type FormEvent, useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { HiddenFields } from "@/components/ui/hidden-fields";
import { Dialog, DialogActions, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Field, FormAlert, inputClasses, selectClasses } from "@/components/ui/field";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import type { MemberRole } from "@/db/schema";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/accounts/roles";
import type { FieldErrors } from "@/lib/errors";
import { When } from "@/components/ui/when";

type InviteResult =
  | { ok: true; path: string; email: string; expiresAt: string }
  | { ok: false; error: string; fieldErrors?: FieldErrors };

export type InviteAction = (formData: FormData) => Promise<InviteResult>;

interface Revealed {
  path: string;
  email: string;
  expiresAt: string;
}

/**
 * Invite by email, then show the link once. The link lives only in this dialog's state (as a new key's secret does):
 * closing the dialog drops it, and the page, refreshed then, never holds it.
 */
export function InviteMemberDialog({
  action,
  roles,
  fields,
}: {
  action: InviteAction;
  roles: readonly MemberRole[];
  /** Sent with every change: the account the page shows (lib/http/server-action.ts refuses another). */
  fields?: Record<string, string>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ message: string; fields?: FieldErrors } | null>(null);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (next) return;
    if (revealed) router.refresh();
    setRevealed(null);
    setError(null);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await action(formData);
      if (!result.ok) return setError({ message: result.error, fields: result.fieldErrors });
      setError(null);
      setRevealed({ path: result.path, email: result.email, expiresAt: result.expiresAt });
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <span aria-hidden>+</span> Invite member
        </Button>
      </DialogTrigger>
      {revealed ? (
        <OneTimeSecret
          title="Send this invitation link"
          description={
            <>
              The link lets <strong className="font-medium text-zinc-900">{revealed.email}</strong> join until{" "}
              <When date={new Date(revealed.expiresAt)} />, once.
            </>
          }
          label="Invitation link"
          noun="link"
          secret={`${origin}${revealed.path}`}
          advice={`send it to ${revealed.email} yourself`}
          recovery="invite them again"
          doneLabel="Done"
          onDone={() => onOpenChange(false)}
        />
      ) : (
        <DialogContent title="Invite a member" description="They join with the role you choose once they accept.">
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            <HiddenFields fields={fields} />
            <FormAlert message={error?.message} />
            <Field label="Email" errors={error?.fields?.email}>
              {(props) => <input {...props} name="email" type="email" autoComplete="off" className={inputClasses} />}
            </Field>
            <Field label="Role" errors={error?.fields?.role}>
              {(props) => (
                <select {...props} name="role" defaultValue="developer" className={selectClasses}>
                  {roles.map((role) => (
                    <option key={role} value={role}>
                      {ROLE_LABELS[role]}: {ROLE_DESCRIPTIONS[role]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <DialogActions confirm="Create invitation" pendingLabel="Inviting…" pending={pending} divided />
          </form>
        </DialogContent>
      )}
    </Dialog>
  );
}
