"use client";

import { useState } from "react";
import { Dialog, DialogActions, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { FormAlert, selectClasses } from "@/components/ui/field";
import { RevealKeyContent } from "./reveal-key-dialog";
import { useIssueKey, type IssueAction } from "./use-issue-key";

const GRACE_OPTIONS = [
  ["now", "Immediately"],
  ["1h", "In 1 hour"],
  ["24h", "In 24 hours"],
  ["7d", "In 7 days"],
] as const;

interface RollKeyDialogProps {
  keyId: string;
  keyName: string;
  /** The client's own roll, or an admin's acting for a client (with the client's id in hiddenFields). */
  action: IssueAction;
  hiddenFields?: Record<string, string>;
  /** Opened from elsewhere (a row's menu), without a button of its own. */
  control?: { open: boolean; onOpenChange: (open: boolean) => void };
}

export function RollKeyDialog({ keyId, keyName, action, hiddenFields = {}, control }: RollKeyDialogProps) {
  const [ownOpen, setOwnOpen] = useState(false);
  const open = control ? control.open : ownOpen;
  const { pending, error, revealed, onSubmit, reset } = useIssueKey(action);

  function onOpenChange(next: boolean) {
    (control?.onOpenChange ?? setOwnOpen)(next);
    if (!next) reset();
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {!control && (
        <DialogTrigger asChild>
          <Button variant="secondary">Roll key…</Button>
        </DialogTrigger>
      )}
      {revealed ? (
        <RevealKeyContent revealed={revealed} onDone={() => onOpenChange(false)} />
      ) : (
        <DialogContent
          title={`Roll "${keyName}"`}
          description="A new secret replaces the current one. The key keeps its id, scopes, limits and usage history."
        >
          <form onSubmit={onSubmit} className="space-y-4">
            <input type="hidden" name="keyId" value={keyId} />
            {Object.entries(hiddenFields).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <FormAlert message={error?.message} />
            <div className="space-y-1.5">
              <label htmlFor="grace" className="block text-sm font-medium text-zinc-800">
                The current secret stops working
              </label>
              <select id="grace" name="grace" defaultValue="now" className={selectClasses}>
                {GRACE_OPTIONS.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
              <p className="text-xs text-zinc-500">A grace period gives your services time to switch to the new secret.</p>
            </div>
            <DialogActions confirm="Roll key" pendingLabel="Rolling…" pending={pending} />
          </form>
        </DialogContent>
      )}
    </Dialog>
  );
}
