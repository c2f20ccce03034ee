"use client";

import { Button } from "@/components/ui/button";
import { ConfirmAction, type ConfirmableAction } from "@/components/ui/confirm-action";
import { FormAlert } from "@/components/ui/field";
import { useActionRun } from "@/components/ui/use-action-run";
import { When } from "@/components/ui/when";
import type { ActionResult } from "@/lib/http/server-action";

export interface SessionRow {
  id: string;
  /** "Firefox on Windows", from the User-Agent at sign-in. */
  device: string;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

interface SessionsListProps {
  sessions: SessionRow[];
  endSession: ConfirmableAction;
  endOthers: (input: Record<string, string>) => Promise<ActionResult>;
}

/** The person's signed-in sessions, this one first, each other one with its own Sign out. */
export function SessionsList({ sessions, endSession, endOthers }: SessionsListProps) {
  const { pending, error, run } = useActionRun();
  const others = sessions.filter((session) => !session.current).length;
  return (
    <div className="space-y-4">
      <ul className="divide-y divide-zinc-100">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-wrap items-center justify-between gap-3 py-3 first:pt-0 last:pb-0">
            <div className="min-w-0">
              <p className="flex flex-wrap items-center gap-2 font-medium text-zinc-900">
                {session.device}
                {session.current && (
                  <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200 ring-inset">
                    This session
                  </span>
                )}
              </p>
              <p className="mt-0.5 text-sm break-words text-zinc-600">
                {session.ip ?? "Address unknown"} · signed in <When date={session.createdAt} show="datetime" /> · last seen{" "}
                <When date={session.lastSeenAt} show="relative" />
              </p>
            </div>
            {!session.current && (
              <ConfirmAction
                action={endSession}
                input={{ sessionId: session.id }}
                trigger="Sign out"
                title="Sign out this session?"
                description={`${session.device} (${session.ip ?? "address unknown"}) is signed out on its next request.`}
                confirm="Sign out"
                done="Session signed out"
              />
            )}
          </li>
        ))}
      </ul>
      {others > 0 && (
        <div className="flex flex-col gap-2 border-t border-zinc-100 pt-4 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-zinc-600">
            Not you, or a browser you no longer use? Every other session is signed out on its next request.
          </p>
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() => run(() => endOthers({}), "Every other session is signed out")}
          >
            {pending ? "Signing out…" : "Sign out of all other sessions"}
          </Button>
        </div>
      )}
      <FormAlert message={error} />
    </div>
  );
}
