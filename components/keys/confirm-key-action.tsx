"use client";

import { ConfirmAction, type ConfirmableAction } from "@/components/ui/confirm-action";

interface ConfirmKeyActionProps {
  keyId: string;
  action: ConfirmableAction;
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
  /** Opened from elsewhere (a row's menu), without a button of its own. */
  control?: { open: boolean; onOpenChange: (open: boolean) => void };
}

/** A change to one key behind a confirmation dialog: revoke, delete from view, narrow its scopes. */
export function ConfirmKeyAction({ keyId, extra, tone = "danger", ...props }: ConfirmKeyActionProps) {
  return (
    <ConfirmAction
      {...props}
      input={{ ...extra, keyId }}
      tone={tone}
      size="md"
      triggerVariant={tone === "danger" ? "danger" : "secondary"}
    />
  );
}
