"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import type { FieldErrors } from "@/lib/errors";
import { useStepUp } from "@/components/auth/step-up";
import type { ActionResult } from "@/lib/http/server-action";

interface Done {
  /** Said in a toast once the change is made. */
  message: string;
  /** Where to go next (the page is refreshed either way, so the header and lists show the change). */
  redirectTo?: string;
}

/**
 * The life of a dialog that runs one server action: open or closed (closing forgets the last error), pending while
 * the action runs, its error and field errors when refused, and on success closed, a toast and a fresh page.
 */
export function useDialogAction(control?: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const stepUp = useStepUp();
  const [ownOpen, setOwnOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ message: string; fields?: FieldErrors } | null>(null);
  // Opened and closed by the caller when it controls the dialog (a row's menu opens it).
  const open = control ? control.open : ownOpen;

  function setOpen(next: boolean) {
    (control?.onOpenChange ?? setOwnOpen)(next);
    setError(null);
  }

  function run(work: () => Promise<ActionResult>, done: () => Done) {
    startTransition(async () => {
      const result = await stepUp(work);
      if (!result.ok) return setError({ message: result.error, fields: result.fieldErrors });
      setOpen(false);
      const { message, redirectTo } = done();
      toast.success(message);
      if (redirectTo) router.push(redirectTo);
      router.refresh();
    });
  }

  return { open, setOpen, pending, error, run };
}
