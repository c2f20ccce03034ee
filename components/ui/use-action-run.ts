"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useStepUp } from "@/components/auth/step-up";
import type { ActionResult } from "@/lib/http/server-action";

/**
 * Runs one server action from a button or a small form: pending while it runs, its error when refused, and on
 * success a toast and a fresh page. (A dialog's action is useDialogAction, which also opens and closes it.)
 */
export function useActionRun() {
  const router = useRouter();
  const stepUp = useStepUp();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  /** `then` runs on success, before the page refreshes (to move focus off what the refresh removes, say). */
  function run(call: () => Promise<ActionResult>, done: string, then?: () => void) {
    startTransition(async () => {
      const result = await stepUp(call);
      if (!result.ok) return setError(result.error);
      setError(null);
      then?.();
      toast.success(done);
      router.refresh();
    });
  }
  return { pending, error, run };
}
