"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/server-action";

export type TeamAction = (input: Record<string, string>) => Promise<ActionResult>;

/**
 * Fields sent with every input of a list's actions: the admin's pages name the client they act for
 * (`{ clientId }`); the team page sends none, its account being the session's.
 */
export type TeamActionFields = Record<string, string>;

interface ConfirmActionProps {
  action: TeamAction;
  input: Record<string, string>;
  trigger: string;
  title: string;
  description: React.ReactNode;
  confirm: string;
  done: string;
  /** Where to go once it is done (leaving an account); stays on the page when absent. */
  redirectTo?: string;
  size?: "sm" | "md";
  tone?: "danger" | "primary";
}

/** A change behind a confirmation dialog: remove a member, revoke an invitation, retire, leave. */
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
}: ConfirmActionProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function run() {
    startTransition(async () => {
      const result = await action(input);
      if (!result.ok) return setError(result.error);
      setOpen(false);
      toast.success(done);
      if (redirectTo) router.push(redirectTo);
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
        <Button variant={tone === "danger" ? "secondary" : "primary"} size={size}>
          {trigger}
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description={description}>
        <FormAlert message={error} />
        <div className="mt-4 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button variant={tone} onClick={run} disabled={pending}>
            {pending ? "Working…" : confirm}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
