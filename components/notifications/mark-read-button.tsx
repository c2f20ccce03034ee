"use client";

import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { useActionRun } from "@/components/ui/use-action-run";
import type { ActionResult } from "@/lib/http/server-action";

export type MarkRead = (input: { accountId: string; notificationId?: string; shownAt?: string }) => Promise<ActionResult>;

/** The inbox page's heading, where focus goes when the button it was on goes away. */
export const INBOX_HEADING_ID = "notifications-heading";

/**
 * Marks one inbox entry read (`notificationId`; `entryTitle` names it to a screen reader), or all of them that were
 * there when the page was shown (`shownAt`): one that arrived since is left for its reader to see.
 */
export function MarkReadButton({
  markRead,
  accountId,
  notificationId,
  entryTitle,
  shownAt,
  label,
}: {
  markRead: MarkRead;
  accountId: string;
  notificationId?: string;
  entryTitle?: string;
  shownAt?: string;
  label: string;
}) {
  const { pending, error, run } = useActionRun();
  const button = useRef<HTMLButtonElement>(null);
  // Marked read, the button goes: focus moves to the next entry's button, or to the page's heading.
  function moveFocus() {
    const next = button.current?.closest("li")?.nextElementSibling?.querySelector<HTMLButtonElement>("button[data-mark-read]");
    (next ?? document.getElementById(INBOX_HEADING_ID))?.focus();
  }
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        ref={button}
        data-mark-read={notificationId ? "" : undefined}
        aria-label={notificationId && entryTitle ? `Mark “${entryTitle}” read` : undefined}
        variant={notificationId ? "ghost" : "secondary"}
        size="sm"
        disabled={pending}
        onClick={() =>
          run(
            () => markRead({ accountId, ...(notificationId ? { notificationId } : shownAt && { shownAt }) }),
            notificationId ? "Marked read" : "All marked read",
            moveFocus,
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
