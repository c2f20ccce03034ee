"use client";

import { useState } from "react";
import { selectClasses } from "@/components/ui/field";
import { ConfirmAction } from "@/components/ui/confirm-action";
import type { TeamAction } from "./team-action";

/** The owner picks a member to hand the account to, then confirms; they stay on as admin. */
export function TransferOwnership({
  candidates,
  accountName,
  action,
  fields,
}: {
  candidates: { userId: string; name: string; email: string }[];
  accountName: string;
  action: TeamAction;
  /** Sent with every change: the account the page shows (lib/http/server-action.ts refuses another). */
  fields?: Record<string, string>;
}) {
  const [userId, setUserId] = useState(candidates[0]?.userId ?? "");
  const chosen = candidates.find((c) => c.userId === userId);
  if (candidates.length === 0) return <p className="text-sm text-zinc-600">Invite someone first: ownership goes to a member.</p>;
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
      <label htmlFor="transfer-to" className="sr-only">
        New owner
      </label>
      <select
        id="transfer-to"
        value={userId}
        onChange={(e) => setUserId(e.target.value)}
        className={`${selectClasses} min-w-0 sm:max-w-xs`}
      >
        {candidates.map((c) => (
          <option key={c.userId} value={c.userId}>
            {c.name} ({c.email})
          </option>
        ))}
      </select>
      <ConfirmAction
        action={action}
        input={{ ...fields, userId }}
        trigger="Transfer ownership"
        title={`Make ${chosen?.name ?? "them"} the owner?`}
        description={`${chosen?.name ?? "They"} becomes owner of ${accountName}; you stay on as admin and can no longer change the plan or owners.`}
        confirm="Transfer ownership"
        done="Ownership transferred."
        size="md"
      />
    </div>
  );
}
