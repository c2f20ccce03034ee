"use client";

import { Button } from "@/components/ui/button";
import { Dialog, DialogActions, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/field";
import { useDialogAction } from "./use-dialog-action";
import type { ActionResult } from "@/lib/http/server-action";

/** An action taking a plain object of strings (ids), as the confirmed changes of the lists do. */
export type ConfirmableAction = (input: Record<string, string>) => Promise<ActionResult>;

interface ConfirmActionProps {
  action: ConfirmableAction;
  input: Record<string, string>;
  trigger: string;
  title: string;
  description: React.ReactNode;
  confirm: string;
  done: string;
  /** Where to go once it is done (leaving an account); stays on the page when absent. */
  redirectTo?: string;
  size?: "sm" | "md";
  /** The confirming button's look; "danger" for what cannot be undone. */
  tone?: "danger" | "primary";
  /** The button that opens the dialog: quiet (secondary) by default, as in a list of rows. */
  triggerVariant?: "primary" | "secondary" | "danger";
  /** Opened from elsewhere (a row's menu) rather than by its own button, which is then not shown. */
  control?: { open: boolean; onOpenChange: (open: boolean) => void };
}

/** A change behind a confirmation dialog: revoke a key, remove a member, revoke an invitation, retire, leave. */
export function ConfirmAction({
  action,
  input,
  trigger,
  title,
  description,
  confirm,
  done,
  redirectTo,
  size = "sm",
  tone = "danger",
  triggerVariant = tone === "danger" ? "secondary" : "primary",
  control,
}: ConfirmActionProps) {
  const { open, setOpen, pending, error, run } = useDialogAction(control);
  const confirmNow = () =>
    run(
      () => action(input),
      () => ({ message: done, redirectTo }),
    );

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      {!control && (
        <DialogTrigger asChild>
          <Button variant={triggerVariant} size={size}>
            {trigger}
          </Button>
        </DialogTrigger>
      )}
      <DialogContent title={title} description={description}>
        <FormAlert message={error?.message} />
        <DialogActions confirm={confirm} pending={pending} variant={tone} onConfirm={confirmNow} />
      </DialogContent>
    </Dialog>
  );
}
