"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/server-action";

interface ConfirmKeyActionProps {
  keyId: string;
  action: (input: Record<string, string>) => Promise<ActionResult>;
  /** Sent with the key id (the client's id, when an admin acts for them). */
  extra?: Record<string, string>;
  trigger: string;
  title: string;
  description: React.ReactNode;
  confirm: string;
  done: string;
  /** Where to go once it is done; stays on the page when absent. */
  redirectTo?: string;
  /** "danger" (the default) for destructive actions; "primary" for a reversible change such as narrowing scopes. */
  tone?: "danger" | "primary";
}

/** A destructive action behind a confirmation dialog: revoke, delete from view. */
export function ConfirmKeyAction({
  keyId,
  action,
  extra,
  trigger,
  title,
  description,
  confirm,
  done,
  redirectTo,
  tone = "danger",
}: ConfirmKeyActionProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function run() {
    startTransition(async () => {
      const result = await action({ ...extra, keyId });
      if (!result.ok) return setError(result.error);
      setOpen(false);
      toast.success(done);
      if (redirectTo) router.push(redirectTo);
      else router.refresh();
    });
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={tone === "danger" ? "danger" : "secondary"}>{trigger}</Button>
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
