"use client";

import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useActionRun } from "@/components/ui/use-action-run";
import { HiddenFields } from "@/components/ui/hidden-fields";
import { FormAlert, selectClasses } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/server-action";
import { When } from "@/components/ui/when";

interface PlanOption {
  name: string;
  description: string;
}

interface PlanRequestProps {
  plan: string;
  plans: PlanOption[];
  request: { plan: string; at: Date | null } | null;
  /** Only owners ask for another plan; everyone else sees the plan and whom to ask. */
  canRequest: boolean;
  requestPlan: (formData: FormData) => Promise<ActionResult>;
  withdraw: (input: Record<string, string>) => Promise<ActionResult>;
  /** Sent with every change: the account the page shows (lib/http/server-action.ts refuses another). */
  fields?: Record<string, string>;
}

/** The account's plan, the owner's open request for another, and the form to ask (an admin grants or declines it). */
export function PlanRequest({ plan, plans, request, canRequest, requestPlan, withdraw, fields }: PlanRequestProps) {
  const { pending, error, run } = useActionRun();
  const current = plans.find((p) => p.name === plan);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    run(() => requestPlan(formData), `Asked for the ${String(formData.get("plan"))} plan; an admin will answer.`);
  }

  return (
    <div className="space-y-4 text-sm">
      <p className="text-zinc-700">
        On the <span className="font-medium text-zinc-900 capitalize">{plan}</span> plan
        {current && <>: {current.description}</>}
      </p>
      {request && (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-200">
          <span>
            Asked for <span className="font-medium capitalize">{request.plan}</span>
            {request.at && (
              <>
                {" "}
                on <When date={request.at} show="datetime" />
              </>
            )}
            ; waiting for an admin.
          </span>
          {canRequest && (
            <Button
              variant="secondary"
              size="sm"
              disabled={pending}
              onClick={() => run(() => withdraw({ ...fields }), "Request withdrawn.")}
            >
              Withdraw
            </Button>
          )}
        </div>
      )}
      {canRequest ? (
        <form onSubmit={onSubmit} className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <HiddenFields fields={fields} />
          <label htmlFor="requested-plan" className="text-zinc-700">
            Ask for
          </label>
          <select id="requested-plan" name="plan" defaultValue="" required className={`${selectClasses} sm:w-auto`}>
            <option value="" disabled>
              Choose a plan
            </option>
            {plans
              .filter((p) => p.name !== plan)
              .map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
          </select>
          <Button type="submit" variant="secondary" disabled={pending}>
            {pending ? "Sending…" : "Request plan"}
          </Button>
        </form>
      ) : (
        <p className="text-zinc-500">An owner of the account can ask for another plan.</p>
      )}
      <FormAlert message={error ?? undefined} />
    </div>
  );
}
