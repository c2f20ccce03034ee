"use client";

import { Button } from "@/components/ui/button";
import { useActionRun } from "@/components/ui/use-action-run";
import type { ActionResult } from "@/lib/http/server-action";

/** Marks one inbox entry read, or (no id) all of them. */
export function MarkReadButton({
  markRead,
  accountId,
  notificationId,
  label,
}: {
  markRead: (input: { accountId: string; notificationId?: string }) => Promise<ActionResult>;
  accountId: string;
  notificationId?: string;
  label: string;
}) {
  const { pending, error, run } = useActionRun();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        variant={notificationId ? "ghost" : "secondary"}
        size="sm"
        disabled={pending}
        onClick={() =>
          run(
            () => markRead({ accountId, ...(notificationId && { notificationId }) }),
            notificationId ? "Marked read" : "All marked read",
          )
        }
      >
        {pending ? "Marking…" : label}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
