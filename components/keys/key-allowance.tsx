import Link from "next/link";
import { activeKeysText } from "@/lib/plans/consequences";
import type { PlanStanding } from "@/lib/plans/standing";
import { Button } from "@/components/ui/button";

/** "3 of 5 active keys on the basic plan", under the keys list's title; nothing for an account no plan bounds. */
export function KeyAllowance({ standing }: { standing: PlanStanding }) {
  if (standing.maxActiveKeys === null) return null;
  return (
    <p className="text-sm text-zinc-600">
      <span className="font-medium text-zinc-900 tabular-nums">
        {standing.activeKeys.toLocaleString("en-US")} of {activeKeysText(standing.maxActiveKeys)}
      </span>{" "}
      on the {standing.planName} plan
    </p>
  );
}

/**
 * In place of Generate when the plan's keys are all in use: the button, disabled, and what to do next (revoke one,
 * or ask for a bigger plan, which reaches the admins). Only an owner asks for a plan; others are told whom to ask.
 */
export function KeyLimitReached({
  standing,
  owner,
  accountName,
}: {
  standing: PlanStanding;
  owner: boolean;
  accountName: string;
}) {
  return (
    <div className="flex max-w-sm flex-col items-end gap-2 text-right">
      <Button disabled aria-describedby="key-limit-reached">
        <span aria-hidden>+</span> Generate key
      </Button>
      <p id="key-limit-reached" className="text-xs text-zinc-600">
        All {activeKeysText(standing.maxActiveKeys ?? 0)} of the {standing.planName} plan are in use. Revoke a key you no longer
        need, or{" "}
        {owner ? (
          <Link href="/team#card-plan" className="font-medium text-brand-600 hover:underline">
            ask for a bigger plan
          </Link>
        ) : (
          <>ask an owner of {accountName} for a bigger plan</>
        )}
        .
      </p>
    </div>
  );
}
