"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";
import type { ActionResult } from "@/lib/http/server-action";
import { IdentityProofFields } from "@/components/auth/identity-proof-fields";

interface ProofDialogProps<T extends object> {
  trigger: string;
  title: string;
  description: string;
  confirm: string;
  tone?: "primary" | "danger";
  twoFactor: boolean;
  action: (input: Record<string, string>) => Promise<ActionResult<T>>;
  /** On success; returns what the dialog shows instead of the form (recovery codes), or null to close it. */
  onDone: (result: { ok: true } & T, close: () => void) => React.ReactNode | null;
}

/** A change that asks for the password (or a code) every time, whatever step-up's window says. */
export function ProofDialog<T extends object>({
  trigger,
  title,
  description,
  confirm,
  tone = "primary",
  twoFactor,
  action,
  onDone,
}: ProofDialogProps<T>) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ message: string; fields?: FieldErrors } | null>(null);
  const [after, setAfter] = useState<React.ReactNode | null>(null);

  const close = () => {
    setOpen(false);
    setError(null);
    setAfter(null);
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = Object.fromEntries([...form.entries()].map(([name, value]) => [name, String(value)]));
    startTransition(async () => {
      const result = await action(input);
      if (!result.ok) return setError({ message: result.error, fields: result.fieldErrors });
      const next = onDone(result, close);
      if (next) setAfter(next);
      else close();
    });
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? setOpen(true) : close())}>
      <DialogTrigger asChild>
        <Button variant="secondary">{trigger}</Button>
      </DialogTrigger>
      {after ?? (
        <DialogContent title={title} description={description}>
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            <FormAlert message={error?.message} />
            <IdentityProofFields twoFactor={twoFactor} errors={error?.fields} />
            <DialogActions confirm={confirm} pendingLabel="Checking…" pending={pending} variant={tone} />
          </form>
        </DialogContent>
      )}
    </Dialog>
  );
}
