"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/server-action";

/**
 * The button that makes the change. Opening the link only shows it: a mail scanner that follows links must not
 * confirm an address on the person's behalf.
 */
export function ConfirmEmailForm({
  token,
  email,
  action,
}: {
  token: string;
  email: string;
  action: (input: { token: string }) => Promise<ActionResult>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      <FormAlert message={error} />
      <Button
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await action({ token });
            if (!result.ok) return setError(result.error);
            toast.success(`You now sign in with ${email}`);
            router.push("/account");
            router.refresh();
          })
        }
      >
        {pending ? "Confirming…" : `Use ${email}`}
      </Button>
    </div>
  );
}
